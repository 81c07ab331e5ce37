package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.transport.MessageHandler;
import org.raftboot.transport.SnapshotPayload;

class VoteGuardTests {

	private static final long ELECTION_TIMEOUT = 1_000;

	private long now = 5_000;

	private final List<Message> stepped = new ArrayList<>();

	private final VoteGuard guard = new VoteGuard(new MessageHandler() {
		@Override
		public void onMessage(Message message) {
			VoteGuardTests.this.stepped.add(message);
		}

		@Override
		public void onSnapshot(Message message, SnapshotPayload payload) {
			VoteGuardTests.this.stepped.add(message);
		}
	}, () -> this.now, ELECTION_TIMEOUT);

	@Test
	void aRestartedVoterDropsVotesAndPreVotesForAnElectionTimeoutAfterItsStart() {
		this.now += ELECTION_TIMEOUT - 1;
		this.guard.onMessage(message(MessageType.MsgVote));
		this.guard.onMessage(message(MessageType.MsgPreVote));
		assertThat(this.stepped).isEmpty();
		this.now += 1;
		this.guard.onMessage(message(MessageType.MsgPreVote));
		this.guard.onMessage(message(MessageType.MsgVote));
		assertThat(this.stepped).extracting(Message::getType).containsExactly(MessageType.MsgPreVote, MessageType.MsgVote);
	}

	@Test
	void everyHeartbeatAppendOrSnapshotFromALeaderHoldsVotesOffForAnotherElectionTimeout() {
		for (MessageType contact : List.of(MessageType.MsgHeartbeat, MessageType.MsgApp)) {
			this.now += 2 * ELECTION_TIMEOUT;
			this.guard.onMessage(message(contact));
			this.now += ELECTION_TIMEOUT - 1;
			this.guard.onMessage(message(MessageType.MsgVote));
			assertThat(this.stepped).extracting(Message::getType).endsWith(contact);
		}
		this.now += 2 * ELECTION_TIMEOUT;
		this.guard.onSnapshot(message(MessageType.MsgSnap), SnapshotPayload.of(ByteString.EMPTY));
		this.now += ELECTION_TIMEOUT - 1;
		this.guard.onMessage(message(MessageType.MsgPreVote));
		assertThat(this.stepped).extracting(Message::getType).endsWith(MessageType.MsgSnap);
		this.now += 1;
		this.guard.onMessage(message(MessageType.MsgPreVote));
		assertThat(this.stepped).extracting(Message::getType).endsWith(MessageType.MsgPreVote);
	}

	@Test
	void theVoteOfALeadershipTransferAlwaysPasses() {
		Message transfer = message(MessageType.MsgVote).toBuilder()
			.setContext(ByteString.copyFrom("CampaignTransfer", StandardCharsets.US_ASCII))
			.build();
		this.guard.onMessage(transfer);
		assertThat(this.stepped).containsExactly(transfer);
	}

	@Test
	void otherMessagesAlwaysPass() {
		List<Message> others = List.of(message(MessageType.MsgAppResp), message(MessageType.MsgVoteResp),
				message(MessageType.MsgReadIndex), message(MessageType.MsgTimeoutNow));
		others.forEach(this.guard::onMessage);
		assertThat(this.stepped).isEqualTo(others);
	}

	private static Message message(MessageType type) {
		return Message.newBuilder().setType(type).setFrom(2).setTo(1).setTerm(4).build();
	}
}
