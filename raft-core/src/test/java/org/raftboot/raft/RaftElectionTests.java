package org.raftboot.raft;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader election (Raft paper §5.2, §5.4.1) and its extensions: pre-vote and check-quorum.
 */
class RaftElectionTests {

	@Test
	void aNodeThatCampaignsWithAllPeersReachableBecomesLeader() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).term).isEqualTo(1);
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateFollower);
		assertThat(nw.peer(2).lead).isEqualTo(1);
		assertThat(nw.peer(3).lead).isEqualTo(1);
	}

	@Test
	void aCandidateWithoutAQuorumStaysCandidate() {
		TestNetwork nw = TestNetwork.of(3);
		nw.isolate(1);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateCandidate);
		assertThat(nw.peer(1).term).isEqualTo(1);
	}

	@Test
	void aPreCandidateWithoutAQuorumKeepsItsTerm() {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setPreVote(true));
		nw.isolate(1);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StatePreCandidate);
		assertThat(nw.peer(1).term).isZero();
		nw.recover();
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).term).isEqualTo(1);
	}

	@Test
	void aSingleVoterElectsItselfAtOnce() {
		TestNetwork nw = TestNetwork.of(1);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		TestNetwork pre = TestNetwork.of(1, (c) -> c.setPreVote(true));
		pre.campaign(1);
		assertThat(pre.peer(1).state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void aFollowerCampaignsOnlyAfterItsRandomizedElectionTimeout() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		assertThat(r.randomizedElectionTimeout).isBetween(10, 19);
		int timeout = r.randomizedElectionTimeout;
		for (int i = 0; i < timeout - 1; i++) {
			r.tick();
		}
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		r.tick();
		assertThat(r.state).isEqualTo(StateType.StateCandidate);
		assertThat(r.term).isEqualTo(1);
		assertThat(r.vote).isEqualTo(1);
	}

	@Test
	void randomizedElectionTimeoutsCoverTheWholeRange() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1));
		boolean[] seen = new boolean[20];
		for (int i = 0; i < 1000; i++) {
			r.resetRandomizedElectionTimeout();
			seen[r.randomizedElectionTimeout] = true;
		}
		for (int t = 10; t < 20; t++) {
			assertThat(seen[t]).as("timeout %d", t).isTrue();
		}
	}

	@Test
	void aCandidateSendsVoteRequestsWithItsLastLogPosition() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.step(TestNetwork.hup(1));
		List<Message> msgs = TestNetwork.readMessages(r);
		assertThat(msgs).extracting(Message::getTo).containsExactly(2L, 3L);
		assertThat(msgs).allSatisfy((m) -> {
			assertThat(m.getType()).isEqualTo(MessageType.MsgVote);
			assertThat(m.getTerm()).isEqualTo(1);
			assertThat(m.getIndex()).isZero();
			assertThat(m.getLogTerm()).isZero();
		});
	}

	@Test
	void aVoterGrantsAtMostOneVotePerTerm() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.step(vote(2, 1, 0, 0));
		r.step(vote(3, 1, 0, 0));
		r.step(vote(2, 1, 0, 0));
		List<Message> msgs = TestNetwork.readMessages(r);
		assertThat(msgs).extracting(Message::getTo).containsExactly(2L, 3L, 2L);
		assertThat(msgs).extracting(Message::getReject).containsExactly(false, true, false);
		assertThat(r.vote).isEqualTo(2);
	}

	@Test
	void aVoterRejectsCandidatesWithAStalerLog() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2, 3);
		s.append(List.of(entry(2, 1), entry(2, 2)));
		Raft r = TestNetwork.newRaft(1, 10, 1, s);
		// lower last term
		r.step(vote(2, 3, 1, 5));
		// same last term, shorter log
		r.step(vote(3, 4, 2, 1));
		// same last term, same length
		r.step(vote(2, 5, 2, 2));
		List<Message> msgs = TestNetwork.readMessages(r);
		assertThat(msgs).extracting(Message::getReject).containsExactly(true, true, false);
	}

	@Test
	void aHigherTermMessageTurnsAnyRoleIntoAFollowerOfThatTerm() {
		for (StateType state : StateType.values()) {
			Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
			switch (state) {
				case StateFollower -> r.becomeFollower(1, 3);
				case StateCandidate -> r.becomeCandidate();
				case StatePreCandidate -> r.becomePreCandidate();
				case StateLeader -> {
					r.becomeCandidate();
					r.becomeLeader();
				}
			}
			r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgApp).setTerm(5).build());
			assertThat(r.state).as("from %s", state).isEqualTo(StateType.StateFollower);
			assertThat(r.term).isEqualTo(5);
			assertThat(r.lead).isEqualTo(2);
		}
	}

	@Test
	void lowerTermMessagesAreIgnored() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.becomeFollower(3, 2);
		r.step(Message.newBuilder().setFrom(3).setTo(1).setType(MessageType.MsgApp).setTerm(2)
			.addEntries(entry(2, 1)).build());
		assertThat(r.raftLog.lastIndex()).isZero();
		assertThat(r.lead).isEqualTo(2);
		assertThat(TestNetwork.readMessages(r)).isEmpty();
	}

	@Test
	void duelingCandidatesResolveToTheOneWithTheLongerLog() {
		TestNetwork nw = TestNetwork.of(3);
		nw.cut(1, 3);
		nw.campaign(1);
		nw.campaign(3);
		// 1 wins with 2's vote; 3 stays candidate as 2 already voted.
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateCandidate);
		nw.recover();
		// 3 campaigns at a higher term but its log lacks 1's empty entry: it loses, and the
		// disruption forces a new election.
		nw.campaign(3);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateFollower);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateFollower);
		assertThat(nw.peer(1).term).isEqualTo(2);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).term).isEqualTo(3);
	}

	@Test
	void preVoteStopsAnIsolatedNodeFromDisruptingTheClusterWhenItReturns() {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setPreVote(true));
		nw.campaign(1);
		nw.isolate(3);
		nw.send(TestNetwork.prop(1, "x"));
		nw.campaign(3);
		nw.campaign(3);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StatePreCandidate);
		assertThat(nw.peer(3).term).isEqualTo(1);
		nw.recover();
		nw.campaign(3);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).term).isEqualTo(1);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateFollower);
	}

	@Test
	void aLeaderWithCheckQuorumStepsDownWithoutAnActiveQuorum() {
		Raft r = TestNetwork.newRaft(1, 5, 1, TestNetwork.storageWithVoters(1, 2, 3), (c) -> c.setCheckQuorum(true));
		r.becomeCandidate();
		r.becomeLeader();
		for (int i = 0; i < 6; i++) {
			r.tick();
		}
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		assertThat(r.term).isEqualTo(1);
	}

	@Test
	void aLeaderWithCheckQuorumStaysWhileAQuorumResponds() {
		Raft r = TestNetwork.newRaft(1, 5, 1, TestNetwork.storageWithVoters(1, 2, 3), (c) -> c.setCheckQuorum(true));
		r.becomeCandidate();
		r.becomeLeader();
		for (int i = 0; i < 6; i++) {
			r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgHeartbeatResp).setTerm(r.term)
				.build());
			r.tick();
		}
		assertThat(r.state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void votesAreIgnoredWhileTheLeaderLeaseHolds() {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setCheckQuorum(true));
		Raft b = nw.peer(2);
		b.randomizedElectionTimeout = b.electionTimeout + 1;
		for (int i = 0; i < b.electionTimeout; i++) {
			b.tick();
		}
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);

		nw.campaign(3);
		// 2 heard from the leader recently and ignores 3; 1 as leader ignores it too.
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateCandidate);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);

		for (int i = 0; i < b.electionTimeout; i++) {
			b.tick();
		}
		nw.campaign(3);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void aStuckCandidateIsFreedByTheLeaderLearningItsHigherTerm() {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setCheckQuorum(true));
		Raft a = nw.peer(1);
		Raft b = nw.peer(2);
		Raft c = nw.peer(3);
		b.randomizedElectionTimeout = b.electionTimeout + 1;
		for (int i = 0; i < b.electionTimeout; i++) {
			b.tick();
		}
		nw.campaign(1);
		nw.isolate(1);
		nw.campaign(3);
		assertThat(b.state).isEqualTo(StateType.StateFollower);
		assertThat(c.state).isEqualTo(StateType.StateCandidate);
		assertThat(c.term).isEqualTo(b.term + 1);

		nw.recover();
		nw.send(Message.newBuilder().setFrom(1).setTo(3).setType(MessageType.MsgHeartbeat).setTerm(a.term).build());
		// c answers the stale heartbeat, which makes the leader adopt c's term.
		assertThat(a.state).isEqualTo(StateType.StateFollower);
		assertThat(a.term).isEqualTo(c.term);
		nw.campaign(3);
		assertThat(c.state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void aLearnerNeverCampaigns() {
		MemoryStorage s = TestNetwork.storageWith(org.raftboot.raft.pb.ConfState.newBuilder()
			.addVoters(1)
			.addLearners(2)
			.build());
		Raft learner = TestNetwork.newRaft(2, 10, 1, s);
		for (int i = 0; i < 40; i++) {
			learner.tick();
		}
		assertThat(learner.state).isEqualTo(StateType.StateFollower);
		learner.step(TestNetwork.hup(2));
		assertThat(learner.state).isEqualTo(StateType.StateFollower);
		assertThat(learner.term).isZero();
	}

	@Test
	void aLearnerStillGrantsVotes() {
		MemoryStorage s = TestNetwork.storageWith(org.raftboot.raft.pb.ConfState.newBuilder()
			.addVoters(1)
			.addLearners(2)
			.build());
		Raft learner = TestNetwork.newRaft(2, 10, 1, s);
		learner.step(vote(1, 2, 0, 0));
		List<Message> msgs = TestNetwork.readMessages(learner);
		assertThat(msgs).singleElement().satisfies((m) -> {
			assertThat(m.getType()).isEqualTo(MessageType.MsgVoteResp);
			assertThat(m.getReject()).isFalse();
		});
	}

	@Test
	void aNodeWithUnappliedConfChangesDoesNotCampaign() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2));
		r.becomeFollower(1, 2);
		r.raftLog.append(List.of(Entry.newBuilder().setTerm(1).setIndex(1)
			.setType(org.raftboot.raft.pb.EntryType.EntryConfChangeV2).build()));
		r.raftLog.commitTo(1);
		r.step(TestNetwork.hup(1));
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		r.raftLog.appliedTo(1, 0);
		r.step(TestNetwork.hup(1));
		assertThat(r.state).isEqualTo(StateType.StateCandidate);
	}

	@Test
	void aCandidateConcedesToALeaderOfItsTerm() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.becomeCandidate();
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgHeartbeat).setTerm(r.term).build());
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		assertThat(r.lead).isEqualTo(2);
		assertThat(r.term).isEqualTo(1);
	}

	@Test
	void aCandidateFollowsTheLeaderOfItsTermThatSendsASnapshot() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.becomeCandidate();
		Snapshot snap = Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(5).setTerm(1)
				.setConfState(ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3)))
			.build();
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgSnap).setTerm(r.term).setSnapshot(snap)
			.build());
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		assertThat(r.lead).isEqualTo(2);
		assertThat(r.raftLog.committed).isEqualTo(5);
		assertThat(TestNetwork.readMessages(r)).singleElement().satisfies((m) -> {
			assertThat(m.getType()).isEqualTo(MessageType.MsgAppResp);
			assertThat(m.getIndex()).isEqualTo(5);
		});
	}

	@Test
	void aCandidateIgnoresTimeoutNowAndALeaderIgnoresHup() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.becomeCandidate();
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgTimeoutNow).setTerm(r.term).build());
		assertThat(r.state).isEqualTo(StateType.StateCandidate);
		assertThat(r.term).isEqualTo(1);
		assertThat(TestNetwork.readMessages(r)).isEmpty();

		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		Raft leader = nw.peer(1);
		nw.campaign(1);
		assertThat(leader.state).isEqualTo(StateType.StateLeader);
		assertThat(leader.term).isEqualTo(1);
		assertThat(TestNetwork.readMessages(leader)).isEmpty();
	}

	@Test
	void aPreCandidateWinningThePreVoteCampaignsForReal() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3), (c) -> c.setPreVote(true));
		r.step(TestNetwork.hup(1));
		assertThat(r.state).isEqualTo(StateType.StatePreCandidate);
		assertThat(r.term).isZero();
		assertThat(TestNetwork.readMessages(r)).extracting(Message::getTerm).containsOnly(1L);
		// A granted pre-vote carries the future term without moving ours.
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgPreVoteResp).setTerm(1).build());
		assertThat(r.state).isEqualTo(StateType.StateCandidate);
		assertThat(r.term).isEqualTo(1);
	}

	@Test
	void aFollowerThatForgotItsLeaderGrantsPreVotesWithinTheLease() {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setPreVote(true).setCheckQuorum(true));
		Raft b = nw.peer(2);
		b.randomizedElectionTimeout = b.electionTimeout + 1;
		for (int i = 0; i < b.electionTimeout; i++) {
			b.tick();
		}
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		nw.isolate(1);
		nw.campaign(3);
		// 2 still trusts its leader and ignores the pre-vote.
		assertThat(nw.peer(3).state).isEqualTo(StateType.StatePreCandidate);

		nw.send(Message.newBuilder().setFrom(2).setTo(2).setType(MessageType.MsgForgetLeader).build());
		assertThat(b.lead).isZero();
		nw.campaign(3);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void forgetLeaderIsRefusedWithLeaseBasedReads() {
		Raft r = TestNetwork.newRaft(2, 10, 1, TestNetwork.storageWithVoters(1, 2, 3),
				(c) -> c.setCheckQuorum(true).setReadOnlyOption(ReadOnlyOption.LEASE_BASED));
		r.becomeFollower(1, 1);
		r.step(Message.newBuilder().setFrom(2).setTo(2).setType(MessageType.MsgForgetLeader).build());
		assertThat(r.lead).isEqualTo(1);
	}

	static Message vote(long from, long term, long logTerm, long index) {
		return Message.newBuilder()
			.setFrom(from)
			.setTo(1)
			.setType(MessageType.MsgVote)
			.setTerm(term)
			.setLogTerm(logTerm)
			.setIndex(index)
			.build();
	}

	static Entry entry(long term, long index) {
		return Entry.newBuilder().setTerm(term).setIndex(index).build();
	}

}
