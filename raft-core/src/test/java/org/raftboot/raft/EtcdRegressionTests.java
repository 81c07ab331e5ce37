package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.raft.tracker.Inflights;
import org.raftboot.raft.tracker.Progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bugs etcd raft fixed over its life (see the reliability targets), each kept as a regression
 * test of our port.
 */
class EtcdRegressionTests {

	@Test
	void aOneVoterNodeNeverHandsOutAnEntryToApplyInTheReadyThatPersistsIt() {
		// etcd#14370: a write applied and acknowledged before it was durable.
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s));
		rn.campaign();
		for (int i = 0; i < 3 && rn.hasReady(); i++) {
			Ready rd = rn.ready();
			s.append(rd.entries());
			rn.advance();
		}
		rn.propose("durable first".getBytes());
		Ready persist = rn.ready();
		assertThat(persist.entries()).hasSize(1);
		assertThat(persist.committedEntries()).isEmpty();
		s.append(persist.entries());
		rn.advance();
		Ready apply = rn.ready();
		assertThat(apply.committedEntries()).singleElement()
			.satisfies((e) -> assertThat(e.getData().toStringUtf8()).isEqualTo("durable first"));
	}

	@Test
	void aPreVoterWithALaggingTermCanStillHelpCompleteAnElection() {
		// etcd#8243: pre-vote responses carrying the local term were dropped as stale.
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setPreVote(true));
		for (Raft r : nw.peers.values()) {
			r.becomeFollower(1, RaftConstants.NONE);
		}
		nw.cut(1, 3);
		nw.cut(2, 3);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		nw.campaign(3);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StatePreCandidate);
		nw.campaign(2);
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).term).isEqualTo(3);
		assertThat(nw.peer(3).term).isEqualTo(1);

		// 2 crashes; 3 comes back with its lagging term.
		nw.recover();
		nw.cut(2, 1);
		nw.cut(2, 3);
		nw.campaign(3);
		nw.campaign(1);
		assertThat(nw.peer(1).state == StateType.StateLeader || nw.peer(3).state == StateType.StateLeader).isTrue();
	}

	@Test
	void aTransferToANodeDemotedToLearnerIsAborted() {
		// etcd#11417.
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		nw.ignore(MessageType.MsgTimeoutNow);
		Raft lead = nw.peer(1);
		nw.send(Message.newBuilder().setFrom(3).setTo(1).setType(MessageType.MsgTransferLeader).build());
		assertThat(lead.leadTransferee).isEqualTo(3);
		Membership.applyConfChange(lead, ConfChangeV2.newBuilder()
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(3))
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(3))
			.build());
		Membership.applyConfChange(lead, ConfChangeV2.getDefaultInstance());
		assertThat(lead.leadTransferee).isZero();
		assertThat(lead.state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void aSnapshotWithAJointConfigurationRestoresBothHalves() {
		// etcd#11003 and etcd#12631: the outgoing voters count, also for our own membership.
		Snapshot snap = Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder()
				.setIndex(11)
				.setTerm(11)
				.setConfState(ConfState.newBuilder()
					.addAllVoters(List.of(2L, 3L, 4L))
					.addAllVotersOutgoing(List.of(1L, 2L, 3L))
					.setAutoLeave(true)))
			.build();
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2));
		assertThat(Membership.restore(r, snap)).isTrue();
		assertThat(r.raftLog.lastIndex()).isEqualTo(11);
		assertThat(r.trk.voterNodes()).containsExactly(1L, 2L, 3L, 4L);
		assertThat(r.trk.config.voters.isJoint()).isTrue();
		assertThat(r.trk.config.autoLeave).isTrue();
		assertThat(Membership.restore(r, snap)).isFalse();

		// It does not campaign before the snapshot is applied (etcd#12163).
		for (int i = 0; i < 2 * r.electionTimeout; i++) {
			r.tick();
		}
		assertThat(r.state).isEqualTo(StateType.StateFollower);
	}

	@Test
	void theAutomaticLeaveOfAJointConfigIsProposedOnce() {
		// commit bd3c759 and etcd#12136: proposing the leave bumps the pending index.
		MemoryStorage s = TestNetwork.storageWith(ConfState.newBuilder()
			.addVoters(1)
			.addVotersOutgoing(1)
			.addLearners(2)
			.setAutoLeave(true)
			.build());
		Raft r = TestNetwork.newRaft(1, 10, 1, s);
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.nextEnts(r, s);
		long last = r.raftLog.lastIndex();
		r.appliedTo(r.raftLog.committed, 0);
		assertThat(r.raftLog.lastIndex()).isEqualTo(last + 1);
		assertThat(r.pendingConfIndex).isEqualTo(last + 1);
		r.appliedTo(r.raftLog.committed, 0);
		assertThat(r.raftLog.lastIndex()).isEqualTo(last + 1);
	}

	@Test
	void aRetriedReadIsNotConfirmedByResponsesToAnEarlierHeartbeatRound() {
		// etcd#20418: delayed responses of the first round confirmed the retry.
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.advanceMessagesAfterAppend(r);
		for (long id = 2; id <= 3; id++) {
			r.step(Message.newBuilder().setFrom(id).setTo(1).setType(MessageType.MsgAppResp).setTerm(r.term)
				.setIndex(1).build());
		}
		TestNetwork.readMessages(r);
		Message read = Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgReadIndex)
			.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8("same"))).build();
		r.step(read);
		List<Message> firstRound = TestNetwork.readMessages(r);
		r.step(read);
		TestNetwork.readMessages(r);
		// Only the first round's responses arrive: the first read is confirmed, the retry is not.
		for (Message hb : firstRound) {
			r.step(Message.newBuilder().setFrom(hb.getTo()).setTo(1).setType(MessageType.MsgHeartbeatResp)
				.setTerm(r.term).setContext(hb.getContext()).build());
		}
		assertThat(r.readStates).hasSize(1);
	}

	@Test
	void aNewLeaderPostponesReadsUntilItHasCommittedAnEntryOfItsTerm() {
		// etcd#7331 and etcd#12680: before that commit its commit index may be behind the cluster's.
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.readMessages(r);
		r.step(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgReadIndex)
			.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8("early"))).build());
		assertThat(r.readStates).isEmpty();
		assertThat(TestNetwork.readMessages(r)).noneMatch((m) -> m.getType() == MessageType.MsgHeartbeat);

		for (long id = 2; id <= 3; id++) {
			r.step(Message.newBuilder().setFrom(id).setTo(1).setType(MessageType.MsgAppResp).setTerm(r.term)
				.setIndex(1).build());
		}
		assertThat(r.raftLog.committed).isEqualTo(1);
		List<Message> heartbeats = TestNetwork.readMessages(r).stream()
			.filter((m) -> m.getType() == MessageType.MsgHeartbeat)
			.toList();
		assertThat(heartbeats).hasSize(2);
		for (Message hb : heartbeats) {
			r.step(Message.newBuilder().setFrom(hb.getTo()).setTo(1).setType(MessageType.MsgHeartbeatResp)
				.setTerm(r.term).setContext(hb.getContext()).build());
		}
		assertThat(r.readStates).singleElement().satisfies((rs) -> assertThat(rs.index()).isEqualTo(1));
	}

	@Test
	void mustSyncIsFalseWhenNothingDurableChangedAndTrueWhenItDid() {
		// commit 0675f3d: the flag decides when to fsync, so both ways matter.
		HardState st = HardState.newBuilder().setTerm(2).setVote(1).setCommit(5).build();
		assertThat(RawNode.mustSync(st, st, 0)).isFalse();
		assertThat(RawNode.mustSync(st.toBuilder().setCommit(7).build(), st, 0)).isFalse();
		assertThat(RawNode.mustSync(st, st, 1)).isTrue();
		assertThat(RawNode.mustSync(st.toBuilder().setTerm(3).build(), st, 0)).isTrue();
		assertThat(RawNode.mustSync(st.toBuilder().setVote(2).build(), st, 0)).isTrue();

		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s));
		rn.campaign();
		Ready first = rn.ready();
		assertThat(first.mustSync()).isTrue();
		s.setHardState(first.hardState());
		s.append(first.entries());
		rn.advance();
		while (rn.hasReady()) {
			Ready rd = rn.ready();
			assertThat(rd.mustSync()).isEqualTo(!rd.entries().isEmpty());
			s.append(rd.entries());
			rn.advance();
		}
		rn.tick();
		Ready idle = rn.ready();
		assertThat(idle.mustSync()).isFalse();
	}

	@Test
	void withPreVoteARejoiningNodeDoesNotDeposeAHealthyLeader() {
		// etcd#9333: a partitioned node's higher term used to force the leader to step down.
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setPreVote(true));
		nw.campaign(1);
		long term = nw.peer(1).term;
		nw.isolate(3);
		nw.send(TestNetwork.prop(1, "while 3 is away"));
		for (int i = 0; i < 3; i++) {
			nw.campaign(3);
		}
		assertThat(nw.peer(3).state).isEqualTo(StateType.StatePreCandidate);
		assertThat(nw.peer(3).term).isEqualTo(term);
		nw.recover();
		nw.campaign(3);
		nw.send(TestNetwork.prop(1, "after 3 is back"));
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).term).isEqualTo(term);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateFollower);
		assertThat(nw.peer(3).raftLog.committed).isEqualTo(nw.peer(1).raftLog.committed);
	}

	@Test
	void aNodeDoesNotCampaignWhileAReceivedSnapshotIsPending() {
		// etcd#12163: the configuration in the snapshot is not in force until it is applied.
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2));
		Snapshot snap = Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(11).setTerm(2)
				.setConfState(ConfState.newBuilder().addAllVoters(List.of(1L, 2L, 3L))))
			.build();
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgSnap).setTerm(2).setSnapshot(snap)
			.build());
		assertThat(r.raftLog.hasNextOrInProgressSnapshot()).isTrue();
		r.step(TestNetwork.hup(1));
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		assertThat(r.term).isEqualTo(2);

		r.appliedSnap(snap);
		r.step(TestNetwork.hup(1));
		assertThat(r.state).isEqualTo(StateType.StateCandidate);
	}

	@Test
	void aLeaderThatRemovesItselfStepsDownWhenConfiguredTo() {
		// raft#77: it kept heartbeating while refusing proposals, and the group was stuck.
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setStepDownOnRemoval(true));
		nw.campaign(1);
		Raft lead = nw.peer(1);
		Membership.applyConfChange(lead, ConfChangeV2.newBuilder()
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(1))
			.build());
		assertThat(lead.state).isEqualTo(StateType.StateFollower);
		assertThat(lead.lead).isZero();
		for (long id = 2; id <= 3; id++) {
			Membership.applyConfChange(nw.peer(id), ConfChangeV2.newBuilder()
				.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(1))
				.build());
		}
		nw.isolate(1);
		nw.campaign(2);
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void committedEntriesArePagedWithoutGapsWhenTheStorageIgnoresTheSizeHint() {
		// etcd#10063: a storage returning more than asked made raft skip entries or regress commit.
		MemoryStorage s = new MemoryStorage(new DiscardRaftLogger()) {
			@Override
			public synchronized List<Entry> entries(long lo, long hi, long maxSize) {
				return super.entries(lo, hi, RaftConstants.NO_LIMIT);
			}
		};
		s.applySnapshot(Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setConfState(ConfState.newBuilder().addVoters(1)))
			.build());
		List<Entry> ents = new ArrayList<>();
		long size = 0;
		for (long i = 1; i <= 10; i++) {
			Entry e = Entry.newBuilder().setTerm(1).setIndex(i).setType(EntryType.EntryNormal)
				.setData(ByteString.copyFromUtf8("a")).build();
			ents.add(e);
			size += e.getSerializedSize();
		}
		long lastSize = ents.get(9).getSerializedSize();
		ents.add(Entry.newBuilder().setTerm(1).setIndex(11).setType(EntryType.EntryNormal)
			.setData(ByteString.copyFromUtf8("boom")).build());
		s.append(ents);
		s.setHardState(HardState.newBuilder().setTerm(1).setVote(1).setCommit(10).build());
		// Raft expects the last committed entry not to fit in the first page; the storage returns it anyway.
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s).setMaxSizePerMsg(size - lastSize - 1));

		long applied = 0;
		long commit = 10;
		while (applied != 11) {
			Ready rd = rn.ready();
			assertThat(rd.committedEntries()).as("entries to apply after %d", applied).isNotEmpty();
			assertThat(rd.committedEntries().get(0).getIndex()).isEqualTo(applied + 1);
			if (!RawNode.isEmptyHardState(rd.hardState())) {
				assertThat(rd.hardState().getCommit()).isGreaterThanOrEqualTo(commit);
				commit = rd.hardState().getCommit();
			}
			applied = rd.committedEntries().get(rd.committedEntries().size() - 1).getIndex();
			rn.advance();
			rn.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgHeartbeat).setTerm(1)
				.setCommit(11).build());
		}
	}

	@Test
	void nodesMigratingToPreVoteOneByOneStillElectALeader() {
		// etcd#8501: a node restarted with PreVote at a higher term, from a partition, wedged the group.
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setPreVote(c.getId() != 3));
		for (Raft r : nw.peers.values()) {
			r.becomeFollower(1, RaftConstants.NONE);
		}
		nw.campaign(1);
		nw.isolate(3);
		nw.send(TestNetwork.prop(1, "3 misses this"));
		nw.campaign(3);
		nw.campaign(3);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateCandidate);
		assertThat(nw.peer(1).term).isEqualTo(2);
		assertThat(nw.peer(3).term).isEqualTo(4);

		// 3 restarts with PreVote on, keeping its term and its shorter log.
		MemoryStorage s3 = nw.storages.get(3L);
		s3.setHardState(HardState.newBuilder().setTerm(4).setVote(3).build());
		nw.add(3, TestNetwork.newRaft(3, 10, 1, s3, (c) -> c.setPreVote(true)), s3);
		nw.recover();
		nw.isolate(1);
		nw.campaign(3);
		nw.campaign(2);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StatePreCandidate);
		nw.campaign(3);
		nw.campaign(2);
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateFollower);
	}

	@Test
	void aPreCandidateForgetsTheOldLeaderSoCheckQuorumDoesNotBlockOthersPreVotes() {
		// etcd#9586: a pre-candidate still in the old leader's lease refused its peers' pre-votes.
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setPreVote(true).setCheckQuorum(true));
		for (Raft r : nw.peers.values()) {
			r.becomeFollower(1, RaftConstants.NONE);
		}
		nw.campaign(1);
		nw.isolate(1);
		assertThat(nw.peer(3).lead).isEqualTo(1);
		nw.campaign(3);
		assertThat(nw.peer(3).state).isEqualTo(StateType.StatePreCandidate);
		assertThat(nw.peer(3).lead).isZero();
		nw.campaign(2);
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(3).lead).isEqualTo(2);
	}

	@Test
	void aCompactedIndexHasNoTermSoASlowFollowerGetsASnapshotInsteadOfAnEmptyAppend() {
		// raft#31: term 0 for a compacted index let an empty MsgApp pass the log-matching check.
		MemoryStorage s = new MemoryStorage(new DiscardRaftLogger());
		s.applySnapshot(Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(10).setTerm(5)
				.setConfState(ConfState.newBuilder().addAllVoters(List.of(1L, 2L))))
			.build());
		Raft r = TestNetwork.newRaft(1, 10, 1, s);
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> r.raftLog.term(5));
		assertThat(r.raftLog.term(10)).isEqualTo(5);

		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.readMessages(r);
		long probed = r.trk.progress.get(2L).next - 1;
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(r.term)
			.setIndex(probed).setReject(true).setRejectHint(0).build());
		List<Message> sent = TestNetwork.readMessages(r);
		assertThat(sent).extracting(Message::getType).containsExactly(MessageType.MsgSnap);
		assertThat(sent.get(0).getSnapshot().getMetadata().getIndex()).isEqualTo(10);

		// The original case: replicating with a full window, only an empty append would go out.
		Progress pr = r.trk.progress.get(2L);
		pr.becomeReplicate();
		while (!pr.inflights.full()) {
			pr.inflights.add(pr.next, 1);
		}
		Replication.sendAppend(r, 2);
		assertThat(TestNetwork.readMessages(r)).extracting(Message::getType).containsExactly(MessageType.MsgSnap);
	}

	@Test
	void theUncommittedSizeLimitIsReleasedAsEntriesAreAppliedSoProposalsKeepFlowing() {
		// commit a370b6f: a wrongly counted uncommitted size ended up refusing every proposal.
		Entry payload = Entry.newBuilder().setData(ByteString.copyFromUtf8("testdata")).build();
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s)
			.setMaxUncommittedEntriesSize(4L * payload.getData().size()));
		rn.campaign();
		persistAndApply(rn, s);
		assertThat(rn.raft.state).isEqualTo(StateType.StateLeader);
		for (int i = 0; i < 200; i++) {
			rn.propose(payload.getData().toByteArray());
			persistAndApply(rn, s);
		}
		assertThat(rn.raft.uncommittedSize).isZero();
		for (int i = 0; i < 4; i++) {
			rn.propose(payload.getData().toByteArray());
		}
		assertThatExceptionOfType(ProposalDroppedException.class)
			.isThrownBy(() -> rn.propose(payload.getData().toByteArray()));
		// An empty entry (the leader's own, or leaving a joint config) is always accepted.
		rn.step(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgProp)
			.addEntries(Entry.getDefaultInstance()).build());
	}

	@Test
	void aStaleRejectionNeverMovesAFollowersNextBelowItsMatch() {
		// raft#149: a probe rejected with a low hint set Next under Match.
		Progress pr = new Progress();
		pr.inflights = new Inflights(256, 0);
		pr.match = 5;
		pr.next = 6;
		pr.becomeProbe();
		assertThat(pr.maybeDecrTo(5, 0)).isTrue();
		assertThat(pr.next).isEqualTo(6);
		assertThat(pr.next).isGreaterThan(pr.match);

		pr.becomeReplicate();
		pr.next = 9;
		assertThat(pr.maybeDecrTo(4, 0)).isFalse();
		assertThat(pr.maybeDecrTo(8, 0)).isTrue();
		assertThat(pr.next).isEqualTo(pr.match + 1);
	}

	@Test
	void withAsyncStorageWritesAFollowerAcknowledgesAnAppendOnlyThroughTheAppendThread() {
		// raft#8: responses may only go out once the write is durable, i.e. after the append thread's work.
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		RawNode rn = new RawNode(TestNetwork.config(2, 10, 1, s).setAsyncStorageWrites(true));
		rn.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgApp).setTerm(1).setIndex(0)
			.setLogTerm(0).setCommit(0)
			.addEntries(Entry.newBuilder().setTerm(1).setIndex(1).setData(ByteString.copyFromUtf8("x")))
			.build());
		Ready rd = rn.ready();
		assertThat(rd.messages()).noneMatch((m) -> m.getTo() == 1);
		assertThat(rd.messages()).singleElement().satisfies((m) -> {
			assertThat(m.getType()).isEqualTo(MessageType.MsgStorageAppend);
			assertThat(m.getTo()).isEqualTo(RaftConstants.LOCAL_APPEND_THREAD);
			assertThat(m.getEntriesList()).extracting(Entry::getIndex).containsExactly(1L);
			assertThat(m.getResponsesList()).anySatisfy((resp) -> {
				assertThat(resp.getType()).isEqualTo(MessageType.MsgAppResp);
				assertThat(resp.getTo()).isEqualTo(1);
				assertThat(resp.getIndex()).isEqualTo(1);
			});
		});
		// Nothing more to do until the append thread reports back.
		assertThat(rn.hasReady()).isFalse();
	}

	@Test
	void withAsyncStorageWritesEntriesStillBeingAppliedCountAgainstTheCommittedSizePerReady() {
		// commit 2e0653d: pagination had to account for applies handed out but not yet acknowledged.
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s)
			.setMaxCommittedSizePerReady(2048)
			.setAsyncStorageWrites(true));
		rn.campaign();
		List<Message> held = new ArrayList<>();
		while (rn.hasReady()) {
			List<Message> acks = handleAsync(rn, rn.ready(), s);
			acks.forEach(rn::step);
		}
		byte[] blob = "a".repeat(1024).getBytes();
		List<Long> handedOut = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			rn.propose(blob);
			while (rn.hasReady()) {
				Ready rd = rn.ready();
				rd.messages().stream()
					.filter((m) -> m.getType() == MessageType.MsgStorageApply)
					.forEach((m) -> m.getEntriesList().forEach((e) -> handedOut.add(e.getIndex())));
				held.addAll(handleAsync(rn, rd, s));
			}
		}
		// Two entries of 1 KiB are being applied: the third waits until the first is acknowledged.
		assertThat(handedOut).hasSize(2);
		rn.step(held.remove(0));
		Ready rd = rn.ready();
		assertThat(rd.messages()).singleElement().satisfies((m) -> {
			assertThat(m.getType()).isEqualTo(MessageType.MsgStorageApply);
			assertThat(m.getEntriesList()).extracting(Entry::getIndex)
				.containsExactly(handedOut.get(1) + 1);
		});
	}

	/** Persists what a Ready's append asks for, steps its responses, and returns the apply acknowledgements. */
	private static List<Message> handleAsync(RawNode rn, Ready rd, MemoryStorage s) {
		List<Message> applyAcks = new ArrayList<>();
		for (Message m : rd.messages()) {
			if (m.getType() == MessageType.MsgStorageAppend) {
				s.append(m.getEntriesList());
				m.getResponsesList().forEach(rn::step);
			}
			else if (m.getType() == MessageType.MsgStorageApply) {
				applyAcks.addAll(m.getResponsesList());
			}
		}
		return applyAcks;
	}

	private static void persistAndApply(RawNode rn, MemoryStorage s) {
		while (rn.hasReady()) {
			Ready rd = rn.ready();
			s.append(rd.entries());
			rn.advance();
		}
	}

}
