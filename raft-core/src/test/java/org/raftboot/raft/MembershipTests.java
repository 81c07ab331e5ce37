package org.raftboot.raft;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.confchange.ConfChangeException;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Membership changes: one pending change at a time, joint consensus with automatic leaving,
 * learners, and what a leader does when a change removes it.
 */
class MembershipTests {

	private static Raft leader(long... voters) {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(voters));
		r.becomeCandidate();
		r.becomeLeader();
		return r;
	}

	private static ConfChange remove(long id) {
		return ConfChange.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(id).build();
	}

	private static ConfChange add(long id) {
		return ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(id).build();
	}

	@Test
	void aProposedConfChangeBecomesThePendingOne() {
		Raft r = leader(1, 2);
		long index = r.raftLog.lastIndex();
		r.step(RawNode.confChangeToMsg(add(3)));
		assertThat(r.raftLog.lastIndex()).isEqualTo(index + 1);
		assertThat(r.pendingConfIndex).isEqualTo(index + 1);
	}

	@Test
	void aSecondConfChangeWhileOneIsUnappliedBecomesAnEmptyEntry() {
		Raft r = leader(1, 2);
		r.step(RawNode.confChangeToMsg(add(3)));
		long pending = r.pendingConfIndex;
		r.step(RawNode.confChangeToMsg(add(4)));
		Entry last = r.raftLog.entries(r.raftLog.lastIndex(), RaftConstants.NO_LIMIT).get(0);
		assertThat(last.getType()).isEqualTo(EntryType.EntryNormal);
		assertThat(last.hasType()).isTrue();
		assertThat(last.getData().isEmpty()).isTrue();
		assertThat(r.pendingConfIndex).isEqualTo(pending);
	}

	@Test
	void disablingValidationAcceptsTheSecondConfChange() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2),
				(c) -> c.setDisableConfChangeValidation(true));
		r.becomeCandidate();
		r.becomeLeader();
		r.step(RawNode.confChangeToMsg(add(3)));
		r.step(RawNode.confChangeToMsg(add(4)));
		Entry last = r.raftLog.entries(r.raftLog.lastIndex(), RaftConstants.NO_LIMIT).get(0);
		assertThat(last.getType()).isEqualTo(EntryType.EntryConfChange);
	}

	@Test
	void aNewLeaderTreatsItsWholeUncommittedLogAsPossiblyHoldingAConfChange() {
		Raft plain = leader(1, 2);
		assertThat(plain.pendingConfIndex).isZero();
		Raft withEntry = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2));
		withEntry.appendEntry(List.of(Entry.newBuilder().setType(EntryType.EntryNormal).build()));
		withEntry.becomeCandidate();
		withEntry.becomeLeader();
		assertThat(withEntry.pendingConfIndex).isEqualTo(1);
	}

	@Test
	void leavingAJointConfigIsRefusedOutsideOneAndEnteringIsRefusedInsideOne() {
		Raft r = leader(1, 2);
		r.raftLog.appliedTo(r.raftLog.committed, 0);
		r.step(RawNode.confChangeToMsg(null));
		assertThat(r.raftLog.entries(r.raftLog.lastIndex(), RaftConstants.NO_LIMIT).get(0).getType())
			.isEqualTo(EntryType.EntryNormal);

		Membership.applyConfChange(r, ConfChangeV2.newBuilder()
			.setTransition(ConfChangeTransition.ConfChangeTransitionJointExplicit)
			.addChanges(ConfChanges.asV2(add(3)).getChanges(0))
			.build());
		assertThat(r.trk.config.voters.isJoint()).isTrue();
		r.step(RawNode.confChangeToMsg(add(4)));
		assertThat(r.raftLog.entries(r.raftLog.lastIndex(), RaftConstants.NO_LIMIT).get(0).getType())
			.isEqualTo(EntryType.EntryNormal);
	}

	@Test
	void anAutoLeaveJointConfigIsLeftOnceTheChangeIsApplied() {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		Raft r = TestNetwork.newRaft(1, 10, 1, s);
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.nextEnts(r, s);
		ConfChangeV2 enter = ConfChangeV2.newBuilder()
			.addChanges(ConfChanges.asV2(add(2)).getChanges(0))
			.addChanges(ConfChanges.asV2(add(3)).getChanges(0))
			.build();
		r.step(RawNode.confChangeToMsg(enter));
		List<Entry> committed = TestNetwork.nextEnts(r, s);
		assertThat(committed).singleElement().extracting(Entry::getType).isEqualTo(EntryType.EntryConfChangeV2);
		ConfState cs = Membership.applyConfChange(r, enter);
		assertThat(cs.getVotersList()).containsExactly(1L, 2L, 3L);
		assertThat(cs.getVotersOutgoingList()).containsExactly(1L);
		assertThat(cs.getAutoLeave()).isTrue();

		// Once applied, the leader proposes the empty change that leaves the joint config.
		long before = r.raftLog.lastIndex();
		r.appliedTo(committed.get(0).getIndex(), 0);
		Entry leave = r.raftLog.entries(before + 1, RaftConstants.NO_LIMIT).get(0);
		assertThat(leave.getType()).isEqualTo(EntryType.EntryConfChangeV2);
		assertThat(leave.getData().isEmpty()).isTrue();
	}

	@Test
	void removingAVoterLowersTheQuorumForPendingEntries() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		Raft r = TestNetwork.newRaft(1, 5, 1, s);
		r.becomeCandidate();
		r.becomeLeader();
		r.step(RawNode.confChangeToMsg(remove(2)));
		assertThat(TestNetwork.nextEnts(r, s)).isEmpty();
		long ccIndex = r.raftLog.lastIndex();
		r.step(TestNetwork.prop(1, "hello"));
		r.step(Message.newBuilder().setType(MessageType.MsgAppResp).setFrom(2).setTerm(r.term).setIndex(ccIndex)
			.build());
		List<Entry> ents = TestNetwork.nextEnts(r, s);
		assertThat(ents).extracting(Entry::getType).containsExactly(EntryType.EntryNormal, EntryType.EntryConfChange);

		Membership.applyConfChange(r, ConfChanges.asV2(remove(2)));
		ents = TestNetwork.nextEnts(r, s);
		assertThat(ents).singleElement().satisfies((e) -> assertThat(e.getData().toStringUtf8()).isEqualTo("hello"));
	}

	@Test
	void aRemovedLeaderKeepsLeadingButDropsProposals() {
		Raft r = leader(1, 2, 3);
		Membership.applyConfChange(r, ConfChanges.asV2(remove(1)));
		assertThat(r.state).isEqualTo(StateType.StateLeader);
		assertThatThrownBy(() -> r.step(TestNetwork.prop(1, "x"))).isInstanceOf(ProposalDroppedException.class);
	}

	@Test
	void aRemovedLeaderStepsDownWhenConfiguredTo() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3),
				(c) -> c.setStepDownOnRemoval(true));
		r.becomeCandidate();
		r.becomeLeader();
		long term = r.term;
		Membership.applyConfChange(r, ConfChanges.asV2(remove(1)));
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		assertThat(r.term).isEqualTo(term);
		assertThat(r.lead).isZero();
	}

	@Test
	void aPromotedLearnerMayCampaign() {
		MemoryStorage s = TestNetwork.storageWith(ConfState.newBuilder().addVoters(1).addLearners(2).build());
		Raft r = TestNetwork.newRaft(2, 10, 1, s);
		assertThat(r.isLearner).isTrue();
		assertThat(r.promotable()).isFalse();
		Membership.applyConfChange(r, ConfChanges.asV2(add(2)));
		assertThat(r.isLearner).isFalse();
		assertThat(r.promotable()).isTrue();
		r.step(TestNetwork.hup(2));
		assertThat(r.state).isEqualTo(StateType.StateCandidate);
	}

	@Test
	void learnersReceiveTheLogButDoNotCountForCommit() {
		TestNetwork nw = new TestNetwork();
		ConfState cs = ConfState.newBuilder().addVoters(1).addLearners(2).build();
		for (long id = 1; id <= 2; id++) {
			MemoryStorage s = TestNetwork.storageWith(cs);
			nw.add(id, TestNetwork.newRaft(id, 10, 1, s), s);
		}
		nw.campaign(1);
		nw.send(TestNetwork.prop(1, "x"));
		assertThat(nw.peer(1).raftLog.committed).isEqualTo(2);
		assertThat(nw.peer(2).raftLog.committed).isEqualTo(2);
		assertThat(nw.peer(1).trk.progress.get(2).isLearner).isTrue();
		assertThat(nw.peer(1).trk.progress.get(2).match).isEqualTo(2);
	}

	@Test
	void anInvalidChangeIsRefusedWhenApplied() {
		Raft r = leader(1);
		assertThatThrownBy(() -> Membership.applyConfChange(r, ConfChanges.asV2(remove(1))))
			.isInstanceOf(ConfChangeException.class)
			.hasMessage("removed all voters");
	}

	@Test
	void aChangeWithATypeOrTransitionThisVersionDoesNotKnowIsRefusedWhenApplied() throws Exception {
		Raft r = leader(1);
		String before = r.trk.config.toString();
		// ConfChangeV2{changes: [{type: 7, node_id: 2}]} and ConfChangeV2{transition: 5, changes: [{type: 0, node_id: 2}]}
		ConfChangeV2 unknownType = ConfChangeV2.parseFrom(new byte[] { 0x12, 4, 0x08, 7, 0x10, 2 });
		ConfChangeV2 unknownTransition = ConfChangeV2.parseFrom(new byte[] { 0x08, 5, 0x12, 4, 0x08, 0, 0x10, 2 });
		assertThatThrownBy(() -> Membership.applyConfChange(r, unknownType)).isInstanceOf(ConfChangeException.class)
			.hasMessage("unexpected conf type 7");
		assertThatThrownBy(() -> Membership.applyConfChange(r, unknownTransition))
			.isInstanceOf(ConfChangeException.class)
			.hasMessage("unknown transition: 5");
		assertThat(r.trk.config).hasToString(before);
	}

}
