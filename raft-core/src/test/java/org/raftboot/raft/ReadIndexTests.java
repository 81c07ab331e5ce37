package org.raftboot.raft;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linearizable reads without the log (Raft thesis §6.4): ReadIndex in safe mode (leadership
 * confirmed by a heartbeat round) and lease-based mode, served by the leader and through it by
 * followers.
 */
class ReadIndexTests {

	private static Message readIndex(long id, String ctx) {
		return Message.newBuilder()
			.setFrom(id)
			.setTo(id)
			.setType(MessageType.MsgReadIndex)
			.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8(ctx)))
			.build();
	}

	private static TestNetwork electedNetwork(ReadOnlyOption option) {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setReadOnlyOption(option).setCheckQuorum(true));
		Raft b = nw.peer(2);
		b.randomizedElectionTimeout = b.electionTimeout + 1;
		for (int i = 0; i < b.electionTimeout; i++) {
			b.tick();
		}
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		return nw;
	}

	private static void readsAreServedAtTheCommitIndexOnEveryNode(ReadOnlyOption option) {
		TestNetwork nw = electedNetwork(option);
		long expected = 1;
		for (int round = 0; round < 6; round++) {
			for (int j = 0; j < 10; j++) {
				nw.send(TestNetwork.prop(1, ""));
			}
			expected += 10;
			long id = (round % 3) + 1;
			nw.send(readIndex(id, "ctx" + round));
			Raft r = nw.peer(id);
			assertThat(r.readStates).as("round %d on %d", round, id).singleElement().satisfies((rs) -> {
				assertThat(rs.index()).isEqualTo(nw.peer(1).raftLog.committed);
				assertThat(new String(rs.requestCtx())).isEqualTo("ctx" + (rs.index() / 10 - 1));
			});
			assertThat(r.readStates.get(0).index()).isEqualTo(expected);
			r.readStates.clear();
		}
	}

	@Test
	void safeReadsAreServedAtTheLeadersCommitIndexOnEveryNode() {
		readsAreServedAtTheCommitIndexOnEveryNode(ReadOnlyOption.SAFE);
	}

	@Test
	void leaseBasedReadsAreServedAtTheLeadersCommitIndexOnEveryNode() {
		readsAreServedAtTheCommitIndexOnEveryNode(ReadOnlyOption.LEASE_BASED);
	}

	@Test
	void aSafeReadWaitsForAQuorumToConfirmLeadership() {
		TestNetwork nw = electedNetwork(ReadOnlyOption.SAFE);
		nw.ignore(MessageType.MsgHeartbeatResp);
		nw.send(readIndex(1, "ctx"));
		assertThat(nw.peer(1).readStates).isEmpty();
		nw.recover();
		nw.send(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgBeat).build());
		assertThat(nw.peer(1).readStates).singleElement()
			.satisfies((rs) -> assertThat(new String(rs.requestCtx())).isEqualTo("ctx"));
	}

	@Test
	void aNewLeaderHoldsReadsUntilItCommittedAnEntryOfItsTerm() {
		TestNetwork nw = TestNetwork.of(3);
		// 1 wins but its empty entry is not committed yet.
		nw.ignore(MessageType.MsgAppResp);
		nw.campaign(1);
		Raft lead = nw.peer(1);
		assertThat(lead.state).isEqualTo(StateType.StateLeader);
		nw.send(readIndex(1, "early"));
		assertThat(lead.readStates).isEmpty();
		assertThat(lead.pendingReadIndexMessages).hasSize(1);

		nw.recover();
		// The heartbeat responses unpause the followers, which then acknowledge the empty entry.
		nw.send(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgBeat).build());
		assertThat(lead.pendingReadIndexMessages).isEmpty();
		assertThat(lead.readStates).singleElement().satisfies((rs) -> {
			assertThat(new String(rs.requestCtx())).isEqualTo("early");
			assertThat(rs.index()).isGreaterThanOrEqualTo(1);
		});
	}

	@Test
	void aSingleVoterAnswersReadsAtOnce() {
		TestNetwork nw = TestNetwork.of(1);
		nw.campaign(1);
		nw.send(readIndex(1, "solo"));
		assertThat(nw.peer(1).readStates).singleElement().satisfies((rs) -> assertThat(rs.index()).isEqualTo(1));
	}

	@Test
	void aFollowerWithoutLeaderDropsReads() {
		Raft r = TestNetwork.newRaft(2, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.step(readIndex(2, "nobody"));
		assertThat(r.readStates).isEmpty();
		assertThat(TestNetwork.readMessages(r)).isEmpty();
	}

	@Test
	void readCountersOnlyConfirmTheReadsTheyCover() {
		ReadOnly ro = new ReadOnly(ReadOnlyOption.SAFE);
		Message first = readIndex(1, "a");
		Message second = readIndex(1, "b");
		ro.addRequest(5, first);
		byte[] ctxFirst = ro.heartbeatCtx();
		ro.addRequest(7, second);
		byte[] ctxBoth = ro.heartbeatCtx();
		org.raftboot.raft.quorum.JointConfig cfg = new org.raftboot.raft.quorum.JointConfig(
				new org.raftboot.raft.quorum.MajorityConfig(1, 2, 3), new org.raftboot.raft.quorum.MajorityConfig());
		ro.recvAck(1, ctxBoth);
		ro.recvAck(2, ctxFirst);
		assertThat(ro.maybeAdvance(cfg)).extracting(ReadOnly.ReadIndexRequest::index).containsExactly(5L);
		ro.recvAck(3, ctxBoth);
		assertThat(ro.maybeAdvance(cfg)).extracting(ReadOnly.ReadIndexRequest::index).containsExactly(7L);
		assertThat(ro.heartbeatCtx()).isNull();
	}

	@Test
	void aReadIndexResponseWithoutExactlyOneEntryIsIgnored() {
		Raft follower = TestNetwork.newRaft(2, 10, 1, TestNetwork.storageWithVoters(1, 2));
		Message resp = Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgReadIndexResp).setIndex(7).build();
		follower.step(resp);
		follower.step(resp.toBuilder().addEntries(Entry.getDefaultInstance()).addEntries(Entry.getDefaultInstance())
			.build());
		assertThat(follower.readStates).isEmpty();
		follower.step(resp.toBuilder().addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8("ctx"))).build());
		assertThat(follower.readStates).singleElement().satisfies((rs) -> {
			assertThat(rs.index()).isEqualTo(7);
			assertThat(rs.requestCtx()).isEqualTo("ctx".getBytes());
		});
	}

}
