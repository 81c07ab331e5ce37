package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log replication (Raft paper §5.3, §5.4): log matching, conflict resolution, leader
 * append-only, and committing only entries of the current term.
 */
class RaftReplicationTests {

	@Test
	void aLeaderDoesNotCommitEntriesOfAPreviousTermByCountingReplicas() {
		TestNetwork nw = twoUncommittedEntriesOfTermOneReachingOnlyNodeTwo();

		nw.recover();
		// 2 is elected but cannot append its own empty entry anywhere.
		nw.ignore(MessageType.MsgApp);
		nw.campaign(2);
		Raft two = nw.peer(2);
		assertThat(two.state).isEqualTo(StateType.StateLeader);
		// Entries 2 and 3 of term 1 are on a majority (1, 2) only after 2 replicates them,
		// and even then they must not be committed before an entry of term 2 is.
		assertThat(two.raftLog.committed).isEqualTo(1);

		nw.recover();
		nw.send(Message.newBuilder().setFrom(2).setTo(2).setType(MessageType.MsgBeat).build());
		nw.send(TestNetwork.prop(2, "some data"));
		assertThat(two.raftLog.committed).isEqualTo(5);
	}

	@Test
	void aNewLeaderCommitsThePreviousTermsEntriesWithItsOwnEmptyEntry() {
		TestNetwork nw = twoUncommittedEntriesOfTermOneReachingOnlyNodeTwo();
		nw.recover();
		nw.campaign(2);
		assertThat(nw.peer(1).raftLog.committed).isEqualTo(4);
	}

	@Test
	void aLeaderBringsEveryDivergentFollowerLogInLineWithItsOwn() {
		// The logs of Raft paper figure 7: the leader at term 8 and followers (a) to (f).
		List<Entry> leaderLog = terms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6);
		long[][] followers = { { 1, 1, 1, 4, 4, 5, 5, 6, 6 }, { 1, 1, 1, 4 }, { 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6 },
				{ 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7 }, { 1, 1, 1, 4, 4, 4, 4 }, { 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3 } };
		for (long[] followerTerms : followers) {
			MemoryStorage leadStorage = TestNetwork.storageWithVoters(1, 2, 3);
			leadStorage.append(leaderLog);
			Raft lead = TestNetwork.newRaft(1, 10, 1, leadStorage);
			lead.loadState(HardState.newBuilder().setCommit(lead.raftLog.lastIndex()).setTerm(8).build());
			MemoryStorage followerStorage = TestNetwork.storageWithVoters(1, 2, 3);
			followerStorage.append(terms(followerTerms));
			Raft follower = TestNetwork.newRaft(2, 10, 1, followerStorage);
			follower.loadState(HardState.newBuilder().setTerm(7).build());

			TestNetwork nw = new TestNetwork();
			nw.add(1, lead, leadStorage);
			nw.add(2, follower, followerStorage);
			nw.campaign(1);
			// 3 is a black hole: it votes by message only.
			nw.send(Message.newBuilder().setFrom(3).setTo(1).setType(MessageType.MsgVoteResp).setTerm(9).build());
			nw.send(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgProp)
				.addEntries(Entry.getDefaultInstance()).build());

			assertThat(lead.state).isEqualTo(StateType.StateLeader);
			assertThat(follower.raftLog.allEntries()).isEqualTo(lead.raftLog.allEntries());
		}
	}

	@Test
	void aFollowerRejectsAppendsThatDoNotMatchItsLogAndHintsWhereToRetry() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		s.append(terms(1, 2));
		Raft r = TestNetwork.newRaft(2, 10, 1, s);
		r.becomeFollower(3, 1);
		// The leader believes index 3 has term 3; we have nothing at 3.
		r.step(app(3, 3, 3, 3, 4));
		Message resp = single(TestNetwork.readMessages(r));
		assertThat(resp.getReject()).isTrue();
		assertThat(resp.getIndex()).isEqualTo(3);
		assertThat(resp.getRejectHint()).isEqualTo(2);
		assertThat(resp.getLogTerm()).isEqualTo(2);

		// A matching append is accepted and commits up to the leader's commit.
		r.step(app(3, 2, 2, 1, 3));
		resp = single(TestNetwork.readMessages(r));
		assertThat(resp.getReject()).isFalse();
		assertThat(resp.getIndex()).isEqualTo(3);
		assertThat(r.raftLog.committed).isEqualTo(1);
	}

	@Test
	void aFollowerOverwritesConflictingEntriesButKeepsMatchingOnes() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		s.append(terms(1, 1, 2));
		Raft r = TestNetwork.newRaft(2, 10, 1, s);
		r.becomeFollower(3, 1);
		// Entries 2..3 at term 3 replace the term-1/term-2 entries from index 2.
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgApp).setTerm(3).setLogTerm(1)
			.setIndex(1).addEntries(entry(3, 2)).addEntries(entry(3, 3)).build());
		assertThat(r.raftLog.allEntries()).extracting(Entry::getTerm).containsExactly(1L, 3L, 3L);

		// A stale append that only repeats a prefix does not truncate anything.
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgApp).setTerm(3).setLogTerm(1)
			.setIndex(1).addEntries(entry(3, 2)).build());
		assertThat(r.raftLog.allEntries()).extracting(Entry::getTerm).containsExactly(1L, 3L, 3L);
	}

	@Test
	void aLeaderNeverOverwritesOrDeletesItsOwnEntries() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		Raft lead = nw.peer(1);
		nw.send(TestNetwork.prop(1, "a"));
		List<Entry> before = new ArrayList<>(lead.raftLog.allEntries());
		// A follower with an unrelated log claims to have rejected; the leader only moves its
		// progress back, its log stays as it was.
		lead.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(1).setReject(true)
			.setIndex(2).setRejectHint(0).build());
		nw.send(TestNetwork.prop(1, "b"));
		List<Entry> after = lead.raftLog.allEntries();
		assertThat(after.subList(0, before.size())).isEqualTo(before);
		assertThat(after).hasSize(before.size() + 1);
	}

	@Test
	void committedEntriesAreAppliedInLogOrderOnEveryNode() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		for (int i = 0; i < 5; i++) {
			nw.send(TestNetwork.prop(1, "v" + i));
		}
		for (long id = 1; id <= 3; id++) {
			List<Entry> applied = TestNetwork.nextEnts(nw.peer(id), nw.storages.get(id));
			assertThat(applied).extracting((e) -> e.getData().toStringUtf8())
				.containsExactly("", "v0", "v1", "v2", "v3", "v4");
		}
	}

	@Test
	void aProposalToAFollowerIsForwardedToTheLeader() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		nw.send(TestNetwork.prop(2, "via follower"));
		assertThat(nw.peer(1).raftLog.committed).isEqualTo(2);
		assertThat(nw.peer(3).raftLog.allEntries().get(1).getData().toStringUtf8()).isEqualTo("via follower");
	}

	@Test
	void aFollowerWithForwardingDisabledDropsProposals() {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setDisableProposalForwarding(true));
		nw.campaign(1);
		Raft follower = nw.peer(2);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> follower.step(TestNetwork.prop(2, "x")))
			.isInstanceOf(ProposalDroppedException.class)
			.hasMessage("raft proposal dropped");
	}

	@Test
	void proposalsWithoutALeaderAreDropped() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.step(TestNetwork.prop(1, "x")))
			.isInstanceOf(ProposalDroppedException.class);
		r.becomeCandidate();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.step(TestNetwork.prop(1, "x")))
			.isInstanceOf(ProposalDroppedException.class);
	}

	@Test
	void theUncommittedTailIsLimitedButEmptyEntriesAreAlwaysAccepted() {
		Raft r = TestNetwork.newRaft(1, 5, 1, TestNetwork.storageWithVoters(1, 2, 3),
				(c) -> c.setMaxUncommittedEntriesSize(30));
		r.becomeCandidate();
		r.becomeLeader();
		assertThat(r.uncommittedSize).isZero();
		byte[] data = new byte[10];
		for (int i = 0; i < 3; i++) {
			r.step(prop(data));
		}
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.step(prop(data)))
			.isInstanceOf(ProposalDroppedException.class);
		r.step(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgProp)
			.addEntries(Entry.getDefaultInstance()).build());
		assertThat(r.uncommittedSize).isEqualTo(30);

		// Applying entries frees the quota.
		List<Entry> ents = r.raftLog.allEntries().subList(1, 4);
		r.reduceUncommittedSize(Messages.payloadsSize(ents));
		assertThat(r.uncommittedSize).isZero();
	}

	@Test
	void aFollowerLearnsTheCommitIndexFromAppendsAndHeartbeats() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		Raft r = TestNetwork.newRaft(2, 10, 1, s);
		r.becomeFollower(1, 1);
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgApp).setTerm(1).setLogTerm(0)
			.setIndex(0).setCommit(1).addEntries(entry(1, 1)).addEntries(entry(1, 2)).build());
		assertThat(r.raftLog.committed).isEqualTo(1);
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgHeartbeat).setTerm(1).setCommit(2)
			.build());
		assertThat(r.raftLog.committed).isEqualTo(2);
		// A heartbeat never moves the commit index back.
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgHeartbeat).setTerm(1).setCommit(1)
			.build());
		assertThat(r.raftLog.committed).isEqualTo(2);
	}

	@Test
	void heartbeatsCarryNoCommitIndexBeyondWhatTheFollowerMatched() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		nw.isolate(3);
		nw.send(TestNetwork.prop(1, "x"));
		Raft lead = nw.peer(1);
		assertThat(lead.raftLog.committed).isEqualTo(2);
		TestNetwork.readMessages(lead);
		lead.step(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgBeat).build());
		List<Message> beats = TestNetwork.readMessages(lead);
		assertThat(beats).extracting(Message::getTo).containsExactly(2L, 3L);
		assertThat(beats).extracting(Message::getCommit).containsExactly(2L, 1L);
	}

	@Test
	void theLeaderCommitsOnceAMajorityAcknowledged() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3, 4, 5));
		r.becomeCandidate();
		r.becomeLeader();
		r.step(TestNetwork.prop(1, "x"));
		TestNetwork.readMessages(r);
		assertThat(r.raftLog.committed).isZero();
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(1).setIndex(2).build());
		assertThat(r.raftLog.committed).isZero();
		r.step(Message.newBuilder().setFrom(3).setTo(1).setType(MessageType.MsgAppResp).setTerm(1).setIndex(2).build());
		assertThat(r.raftLog.committed).isEqualTo(2);
		// The new commit index goes out to everyone.
		assertThat(TestNetwork.readMessages(r)).extracting(Message::getCommit).containsOnly(2L);
	}

	@Test
	void rejectionHintsLetTheLeaderSkipWholeTerms() {
		// The leader's log has terms 1,1,1,5,5,5 and the follower's 1,1,1,2,2,2,3,3.
		MemoryStorage leadStorage = TestNetwork.storageWithVoters(1, 2);
		leadStorage.append(terms(1, 1, 1, 5, 5, 5));
		Raft lead = TestNetwork.newRaft(1, 10, 1, leadStorage);
		lead.loadState(HardState.newBuilder().setTerm(5).setCommit(3).build());
		MemoryStorage followerStorage = TestNetwork.storageWithVoters(1, 2);
		followerStorage.append(terms(1, 1, 1, 2, 2, 2, 3, 3));
		Raft follower = TestNetwork.newRaft(2, 10, 1, followerStorage);
		follower.loadState(HardState.newBuilder().setTerm(5).setCommit(3).build());

		TestNetwork nw = new TestNetwork();
		nw.add(1, lead, leadStorage);
		nw.add(2, follower, followerStorage);
		nw.campaign(1);
		assertThat(lead.state).isEqualTo(StateType.StateLeader);
		assertThat(follower.raftLog.allEntries()).isEqualTo(lead.raftLog.allEntries());
	}

	static Message prop(byte[] data) {
		return Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgProp)
			.addEntries(Entry.newBuilder().setData(com.google.protobuf.ByteString.copyFrom(data))).build();
	}

	static Message app(long term, long logTerm, long index, long commit, long entryIndex) {
		return Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgApp).setTerm(term).setLogTerm(logTerm)
			.setIndex(index).setCommit(commit).addEntries(entry(term, entryIndex)).build();
	}

	static Message single(List<Message> msgs) {
		assertThat(msgs).hasSize(1);
		return msgs.get(0);
	}

	static Entry entry(long term, long index) {
		return Entry.newBuilder().setTerm(term).setIndex(index).build();
	}

	/** Entries at indexes 1, 2, ... with the given terms. */
	static List<Entry> terms(long... terms) {
		List<Entry> ents = new ArrayList<>();
		for (int i = 0; i < terms.length; i++) {
			ents.add(entry(terms[i], i + 1));
		}
		return ents;
	}

	/**
	 * Five nodes where leader 1 (term 1) appended two entries that only node 2 received, so only its
	 * own empty entry (index 1) is committed; the cuts are still in place on return.
	 */
	private static TestNetwork twoUncommittedEntriesOfTermOneReachingOnlyNodeTwo() {
		TestNetwork nw = TestNetwork.of(5);
		nw.campaign(1);
		nw.cut(1, 3);
		nw.cut(1, 4);
		nw.cut(1, 5);
		nw.send(TestNetwork.prop(1, "some data"));
		nw.send(TestNetwork.prop(1, "some data"));
		assertThat(nw.peer(1).raftLog.committed).isEqualTo(1);
		return nw;
	}

}
