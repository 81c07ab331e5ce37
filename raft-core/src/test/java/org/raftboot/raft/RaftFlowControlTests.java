package org.raftboot.raft;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control of replication: the inflight window of a replicating follower, probing, and what
 * unsticks a paused follower.
 */
class RaftFlowControlTests {

	private static Raft leaderOfTwo(int maxInflight) {
		Raft r = TestNetwork.newRaft(1, 5, 1, TestNetwork.storageWithVoters(1, 2), (c) -> c.setMaxInflightMsgs(maxInflight));
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.readMessages(r);
		return r;
	}

	private static void propose(Raft r) {
		r.step(TestNetwork.prop(1, "somedata"));
	}

	@Test
	void aFullWindowStopsAppendsToAReplicatingFollower() {
		Raft r = leaderOfTwo(4);
		Progress pr2 = r.trk.progress.get(2);
		pr2.becomeReplicate();
		for (int i = 0; i < 4; i++) {
			propose(r);
			assertThat(TestNetwork.readMessages(r)).singleElement()
				.extracting(Message::getType)
				.isEqualTo(MessageType.MsgApp);
		}
		assertThat(pr2.isPaused()).isTrue();
		for (int i = 0; i < 10; i++) {
			propose(r);
			assertThat(TestNetwork.readMessages(r)).isEmpty();
		}
	}

	@Test
	void acknowledgementsMoveTheWindowForward() {
		Raft r = leaderOfTwo(4);
		Progress pr2 = r.trk.progress.get(2);
		pr2.becomeReplicate();
		for (int i = 0; i < 4; i++) {
			propose(r);
		}
		TestNetwork.readMessages(r);
		// Index 1 is the leader's empty entry; the proposals are at 2..5. Acknowledging 2 frees
		// one slot, which the next proposal fills.
		r.step(appResp(2));
		TestNetwork.readMessages(r);
		propose(r);
		assertThat(TestNetwork.readMessages(r)).singleElement()
			.extracting(Message::getType)
			.isEqualTo(MessageType.MsgApp);
		assertThat(pr2.isPaused()).isTrue();
		// Stale acknowledgements free nothing.
		r.step(appResp(1));
		assertThat(pr2.isPaused()).isTrue();
	}

	@Test
	void aHeartbeatResponseLetsOneEmptyAppendThroughAFullWindow() {
		Raft r = leaderOfTwo(4);
		Progress pr2 = r.trk.progress.get(2);
		pr2.becomeReplicate();
		for (int i = 0; i < 4; i++) {
			propose(r);
		}
		TestNetwork.readMessages(r);
		for (int i = 0; i < 3; i++) {
			assertThat(pr2.isPaused()).isTrue();
			r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgHeartbeatResp).setTerm(r.term)
				.build());
			List<Message> msgs = TestNetwork.readMessages(r);
			assertThat(msgs).singleElement().satisfies((m) -> {
				assertThat(m.getType()).isEqualTo(MessageType.MsgApp);
				assertThat(m.getEntriesCount()).isZero();
			});
		}
	}

	@Test
	void aProbingFollowerGetsOneAppendUntilItResponds() {
		Raft r = leaderOfTwo(256);
		Progress pr2 = r.trk.progress.get(2);
		assertThat(pr2.state).isEqualTo(ProgressState.StateProbe);
		propose(r);
		assertThat(TestNetwork.readMessages(r)).hasSize(1);
		assertThat(pr2.msgAppFlowPaused).isTrue();
		propose(r);
		assertThat(TestNetwork.readMessages(r)).isEmpty();
		// A successful response switches to replicating and sends the rest at once.
		r.step(appResp(2));
		assertThat(pr2.state).isEqualTo(ProgressState.StateReplicate);
		List<Message> msgs = TestNetwork.readMessages(r);
		assertThat(msgs).isNotEmpty();
		assertThat(msgs.get(msgs.size() - 1).getEntriesList()).last()
			.satisfies((e) -> assertThat(e.getIndex()).isEqualTo(3));
	}

	@Test
	void aRejectionMovesAReplicatingFollowerBackToProbing() {
		Raft r = leaderOfTwo(256);
		Progress pr2 = r.trk.progress.get(2);
		pr2.becomeReplicate();
		propose(r);
		propose(r);
		TestNetwork.readMessages(r);
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(r.term)
			.setReject(true).setIndex(2).setRejectHint(0).build());
		assertThat(pr2.state).isEqualTo(ProgressState.StateProbe);
		assertThat(pr2.next).isEqualTo(1);
		assertThat(TestNetwork.readMessages(r)).singleElement()
			.satisfies((m) -> assertThat(m.getIndex()).isZero());
	}

	@Test
	void anUnreachableReplicatingFollowerIsProbedAgain() {
		Raft r = leaderOfTwo(256);
		Progress pr2 = r.trk.progress.get(2);
		pr2.becomeReplicate();
		pr2.maybeUpdate(1);
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgUnreachable).build());
		assertThat(pr2.state).isEqualTo(ProgressState.StateProbe);
		assertThat(pr2.next).isEqualTo(pr2.match + 1);

		// A probing (or snapshot-receiving) follower stays as it is: its next already waits for an answer.
		pr2.next = 2;
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgUnreachable).build());
		assertThat(pr2.state).isEqualTo(ProgressState.StateProbe);
		assertThat(pr2.next).isEqualTo(2);
		pr2.becomeSnapshot(7);
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgUnreachable).build());
		assertThat(pr2.state).isEqualTo(ProgressState.StateSnapshot);
		assertThat(pr2.pendingSnapshot).isEqualTo(7);
	}

	@Test
	void theInflightByteLimitPausesReplicationToo() {
		Raft r = TestNetwork.newRaft(1, 5, 1, TestNetwork.storageWithVoters(1, 2), (c) -> c.setMaxSizePerMsg(8)
			.setMaxInflightBytes(16));
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.readMessages(r);
		Progress pr2 = r.trk.progress.get(2);
		// The follower has the leader's empty entry; each proposal then travels alone.
		pr2.maybeUpdate(1);
		pr2.becomeReplicate();
		propose(r);
		propose(r);
		assertThat(TestNetwork.readMessages(r)).hasSize(2);
		assertThat(pr2.isPaused()).isTrue();
		propose(r);
		assertThat(TestNetwork.readMessages(r)).isEmpty();
	}

	private static Message appResp(long index) {
		return Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(1).setIndex(index).build();
	}

}
