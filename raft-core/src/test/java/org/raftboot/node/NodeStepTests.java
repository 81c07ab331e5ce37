package org.raftboot.node;

import java.util.EnumSet;
import java.util.Set;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.ReadState;
import org.raftboot.raft.Ready;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.NewerMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.node.NodeFixtures.assertNoReady;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.electAlone;
import static org.raftboot.node.NodeFixtures.persistAndAdvance;
import static org.raftboot.node.NodeFixtures.ready;
import static org.raftboot.node.NodeFixtures.storageWithVoters;
import static org.raftboot.node.NodeProposeTests.heartbeat;
import static org.raftboot.node.NodeStartTests.bytes;

/** Messages from peers: which are stepped and which are ignored; read index requests. */
class NodeStepTests {

	private static final Set<MessageType> LOCAL = EnumSet.of(MessageType.MsgHup, MessageType.MsgBeat,
			MessageType.MsgUnreachable, MessageType.MsgSnapStatus, MessageType.MsgCheckQuorum,
			MessageType.MsgStorageAppend, MessageType.MsgStorageAppendResp, MessageType.MsgStorageApply,
			MessageType.MsgStorageApplyResp);

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void localMessageTypesFromTheNetworkAreIgnored() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger))) {
			for (MessageType type : LOCAL) {
				node.step(Message.newBuilder().setType(type).setFrom(2).setTo(1).setTerm(5).build()).get();
			}
			assertNoReady(node);
			Status status = node.status().get();
			assertThat(status.raftState()).as("no MsgHup from the network").isEqualTo(StateType.StateFollower);
			assertThat(status.term()).isZero();
		}
	}

	@Test
	void aMessageOfATypeThisVersionDoesNotKnowGivesItsTermAndNothingElse() throws Exception {
		// A lone voter would win at once if it took the message for a MsgHup.
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger))) {
			node.step(NewerMessages.ofUnknownType(2, 1, 0)).get();
			assertNoReady(node);
			node.step(NewerMessages.ofUnknownType(2, 1, 5)).get();
			Ready rd = ready(node);
			assertThat(rd.hardState().getTerm()).isEqualTo(5);
			assertThat(rd.messages()).isEmpty();
			assertThat(this.logger.lines())
				.contains("INFO 1 [term: 0] received a 99 message with higher term from 2 [term: 5]");
			Status status = node.status().get();
			assertThat(status.raftState()).isEqualTo(StateType.StateFollower);
			assertThat(status.lead()).isZero();
		}
	}

	@Test
	void responsesFromUnknownPeersAreIgnored() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			node.step(Message.newBuilder()
				.setType(MessageType.MsgAppResp)
				.setFrom(9)
				.setTo(1)
				.setTerm(1)
				.setIndex(7)
				.build()).get();
			assertThat(node.status().get().progress()).containsOnlyKeys(1L);
		}
	}

	@Test
	void messagesFromPeersAreSteppedAndAnswered() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1, 2), this.logger))) {
			node.step(heartbeat(2, 2)).get();
			Ready rd = ready(node);
			assertThat(rd.softState().lead()).isEqualTo(2);
			assertThat(rd.messages()).singleElement().satisfies((m) -> {
				assertThat(m.getType()).isEqualTo(MessageType.MsgHeartbeatResp);
				assertThat(m.getTo()).isEqualTo(2);
			});
		}
	}

	@Test
	void aFollowerForwardsReadIndexRequestsToItsLeaderWithoutATerm() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1, 2, 3), this.logger))) {
			node.step(heartbeat(3, 2)).get();
			node.readIndex(bytes("own")).get();
			// A request forwarded to this node when it was the leader goes on to the new one.
			node.step(Message.newBuilder()
				.setType(MessageType.MsgReadIndex)
				.setFrom(2)
				.setTo(1)
				.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8("from 2")))
				.build()).get();
			assertThat(ready(node).messages().stream().filter((m) -> m.getType() == MessageType.MsgReadIndex))
				.extracting((m) -> m.getFrom() + "->" + m.getTo() + " term " + m.getTerm() + " "
						+ m.getEntries(0).getData().toStringUtf8())
				.containsExactly("1->3 term 0 own", "2->3 term 0 from 2");
		}
	}

	@Test
	void aLeaderAnswersAReadIndexRequestWithAReadState() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			// The leader serves reads once it committed an entry of its term.
			persistAndAdvance(node, storage);
			node.readIndex(bytes("ctx")).get();
			Ready rd = ready(node);
			assertThat(rd.readStates()).singleElement().satisfies((rs) -> {
				assertThat(rs.index()).isEqualTo(1);
				assertThat(new String(rs.requestCtx())).isEqualTo("ctx");
			});
			node.advance();
			assertNoReady(node);
		}
	}

	@Test
	void readStatesAreHandedOutOnce() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			persistAndAdvance(node, storage);
			node.readIndex(bytes("a")).get();
			node.readIndex(bytes("b")).get();
			assertThat(ready(node).readStates()).extracting(ReadState::requestCtx).extracting(String::new)
				.containsExactly("a", "b");
			node.advance();
			node.readIndex(bytes("c")).get();
			assertThat(ready(node).readStates()).extracting(ReadState::requestCtx).extracting(String::new)
				.containsExactly("c");
		}
	}

}
