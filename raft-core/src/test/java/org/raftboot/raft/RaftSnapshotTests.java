package org.raftboot.raft;

import java.util.List;
import java.util.function.UnaryOperator;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots: a leader sends one to a follower behind its compacted log, pauses replication until
 * it is reported, and followers restore (or ignore) snapshots.
 */
class RaftSnapshotTests {

	private static final Snapshot SNAP = Snapshot.newBuilder()
		.setMetadata(SnapshotMetadata.newBuilder()
			.setIndex(11)
			.setTerm(11)
			.setConfState(ConfState.newBuilder().addVoters(1).addVoters(2)))
		.build();

	/** A leader at term 12 whose log starts with the snapshot at index 11. */
	private static Raft leaderAfterSnapshot() {
		return leaderAfterSnapshot(TestNetwork.storageWithVoters(1, 2), (storage) -> storage);
	}

	/** The same leader, reading its storage through {@code view}. */
	private static Raft leaderAfterSnapshot(MemoryStorage storage, UnaryOperator<Storage> view) {
		Raft r = TestNetwork.newRaft(1, 10, 1, view.apply(storage));
		assertThat(Membership.restore(r, SNAP)).isTrue();
		storage.applySnapshot(SNAP);
		r.raftLog.stableSnapTo(11);
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.readMessages(r);
		return r;
	}

	@Test
	void aFollowerBehindTheCompactedLogGetsTheSnapshot() {
		Raft r = leaderAfterSnapshot();
		Progress pr2 = r.trk.progress.get(2);
		pr2.recentActive = true;
		pr2.next = r.raftLog.firstIndex();
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(r.term)
			.setIndex(pr2.next - 1).setReject(true).build());
		assertThat(pr2.state).isEqualTo(ProgressState.StateSnapshot);
		assertThat(pr2.pendingSnapshot).isEqualTo(11);
		assertThat(TestNetwork.readMessages(r)).singleElement().satisfies((m) -> {
			assertThat(m.getType()).isEqualTo(MessageType.MsgSnap);
			assertThat(m.getSnapshot().getMetadata().getIndex()).isEqualTo(11);
		});
	}

	@Test
	void aSnapshotStillBeingPreparedIsSentOnALaterAttempt() {
		PreparingStorage preparing = new PreparingStorage(TestNetwork.storageWithVoters(1, 2));
		Raft r = leaderAfterSnapshot(preparing.storage, (storage) -> preparing);
		Progress pr2 = r.trk.progress.get(2);
		pr2.recentActive = true;
		pr2.next = r.raftLog.firstIndex();
		Message behind = Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(r.term)
			.setIndex(pr2.next - 1).setReject(true).build();

		preparing.ready = false;
		r.step(behind);
		assertThat(pr2.state).isEqualTo(ProgressState.StateProbe);
		assertThat(pr2.pendingSnapshot).isZero();
		assertThat(TestNetwork.readMessages(r)).isEmpty();

		// The next heartbeat response probes again, and now the snapshot is there.
		preparing.ready = true;
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgHeartbeatResp).setTerm(r.term).build());
		assertThat(pr2.state).isEqualTo(ProgressState.StateSnapshot);
		assertThat(TestNetwork.readMessages(r)).singleElement()
			.satisfies((m) -> assertThat(m.getType()).isEqualTo(MessageType.MsgSnap));
	}

	/** A storage whose snapshot is being prepared until {@link #ready} (etcd's ErrSnapshotTemporarilyUnavailable). */
	private static final class PreparingStorage implements Storage {

		final MemoryStorage storage;

		boolean ready = true;

		PreparingStorage(MemoryStorage storage) {
			this.storage = storage;
		}

		@Override
		public InitialState initialState() {
			return this.storage.initialState();
		}

		@Override
		public List<org.raftboot.raft.pb.Entry> entries(long lo, long hi, long maxSize) {
			return this.storage.entries(lo, hi, maxSize);
		}

		@Override
		public long term(long i) {
			return this.storage.term(i);
		}

		@Override
		public long lastIndex() {
			return this.storage.lastIndex();
		}

		@Override
		public long firstIndex() {
			return this.storage.firstIndex();
		}

		@Override
		public Snapshot snapshot() {
			if (!this.ready) {
				throw new StorageException.SnapshotTemporarilyUnavailable();
			}
			return this.storage.snapshot();
		}

	}

	@Test
	void anInactiveFollowerGetsNoSnapshot() {
		Raft r = leaderAfterSnapshot();
		Progress pr2 = r.trk.progress.get(2);
		pr2.recentActive = false;
		pr2.next = 1;
		Replication.sendAppend(r, 2);
		assertThat(pr2.state).isEqualTo(ProgressState.StateProbe);
		assertThat(TestNetwork.readMessages(r)).isEmpty();
	}

	@Test
	void aPendingSnapshotPausesReplication() {
		Raft r = leaderAfterSnapshot();
		r.trk.progress.get(2).becomeSnapshot(11);
		r.step(TestNetwork.prop(1, "somedata"));
		assertThat(TestNetwork.readMessages(r)).isEmpty();
	}

	@Test
	void aFailedSnapshotResumesProbingFromTheMatch() {
		Raft r = leaderAfterSnapshot();
		Progress pr2 = r.trk.progress.get(2);
		pr2.next = 1;
		pr2.becomeSnapshot(11);
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgSnapStatus).setReject(true).build());
		assertThat(pr2.pendingSnapshot).isZero();
		assertThat(pr2.next).isEqualTo(1);
		assertThat(pr2.msgAppFlowPaused).isTrue();
	}

	@Test
	void aSnapshotStatusForAFollowerNotAwaitingOneIsIgnored() {
		Raft r = leaderAfterSnapshot();
		Progress pr2 = r.trk.progress.get(2);
		pr2.becomeReplicate();
		long next = pr2.next;
		for (boolean reject : new boolean[] { true, false }) {
			r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgSnapStatus).setReject(reject).build());
			assertThat(pr2.state).isEqualTo(ProgressState.StateReplicate);
			assertThat(pr2.next).isEqualTo(next);
			assertThat(pr2.msgAppFlowPaused).isFalse();
		}
	}

	@Test
	void aSuccessfulSnapshotResumesProbingAfterIt() {
		Raft r = leaderAfterSnapshot();
		Progress pr2 = r.trk.progress.get(2);
		pr2.next = 1;
		pr2.becomeSnapshot(11);
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgSnapStatus).setReject(false).build());
		assertThat(pr2.pendingSnapshot).isZero();
		assertThat(pr2.next).isEqualTo(12);
		assertThat(pr2.msgAppFlowPaused).isTrue();
	}

	@Test
	void aFollowerCatchingUpOtherwiseAbortsThePendingSnapshot() {
		Raft r = leaderAfterSnapshot();
		Progress pr2 = r.trk.progress.get(2);
		pr2.next = 1;
		pr2.becomeSnapshot(11);
		r.step(Message.newBuilder().setFrom(2).setTo(1).setType(MessageType.MsgAppResp).setTerm(r.term).setIndex(11)
			.build());
		assertThat(pr2.pendingSnapshot).isZero();
		assertThat(pr2.state).isEqualTo(ProgressState.StateReplicate);
		// The leader's empty entry at 12 went out at once.
		assertThat(pr2.next).isEqualTo(13);
		assertThat(pr2.inflights.count()).isEqualTo(1);
	}

	@Test
	void aFollowerRestoresASnapshotAheadOfItsLog() {
		MemoryStorage storage = TestNetwork.storageWithVoters(1, 2);
		Raft r = TestNetwork.newRaft(2, 10, 1, storage);
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgSnap).setTerm(2).setSnapshot(SNAP)
			.build());
		assertThat(r.raftLog.lastIndex()).isEqualTo(11);
		assertThat(r.raftLog.committed).isEqualTo(11);
		assertThat(r.raftLog.term(11)).isEqualTo(11);
		assertThat(r.trk.voterNodes()).containsExactly(1L, 2L);
		assertThat(TestNetwork.readMessages(r)).singleElement().satisfies((m) -> {
			assertThat(m.getType()).isEqualTo(MessageType.MsgAppResp);
			assertThat(m.getIndex()).isEqualTo(11);
		});
		// Until the snapshot is applied, the follower must not campaign.
		assertThat(r.promotable()).isFalse();
	}

	@Test
	void onlyAFollowerInTheSnapshotsConfigurationRestoresIt() {
		Raft candidate = TestNetwork.newRaft(2, 10, 1, TestNetwork.storageWithVoters(1, 2));
		candidate.becomeCandidate();
		assertThat(Membership.restore(candidate, SNAP)).isFalse();
		assertThat(candidate.state).isEqualTo(StateType.StateFollower);
		assertThat(candidate.term).isEqualTo(2);
		assertThat(candidate.raftLog.lastIndex()).isZero();

		Raft outsider = TestNetwork.newRaft(3, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		assertThat(Membership.restore(outsider, SNAP)).isFalse();
		assertThat(outsider.raftLog.lastIndex()).isZero();
		assertThat(outsider.raftLog.committed).isZero();
	}

	@Test
	void aSnapshotWrittenWhileTheTermMovedOnStillCountsAsApplied() {
		Raft r = TestNetwork.newRaft(2, 10, 1, TestNetwork.storageWithVoters(1, 2));
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgSnap).setTerm(2).setSnapshot(SNAP)
			.build());
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgHeartbeat).setTerm(3).build());
		assertThat(r.term).isEqualTo(3);
		// The storage thread answers for the term-2 write: a snapshot is committed state, whatever the term.
		r.step(Message.newBuilder().setFrom(RaftConstants.LOCAL_APPEND_THREAD).setTo(2)
			.setType(MessageType.MsgStorageAppendResp).setTerm(2).setIndex(11).setLogTerm(11).setSnapshot(SNAP).build());
		assertThat(r.raftLog.applied).isEqualTo(11);
		assertThat(r.raftLog.unstable.snapshot).isNull();
	}

	@Test
	void aSnapshotNotAheadOfTheCommitIndexIsIgnored() {
		MemoryStorage storage = TestNetwork.storageWithVoters(1, 2);
		storage.append(RaftReplicationTests.terms(1, 1, 1));
		Raft r = TestNetwork.newRaft(2, 10, 1, storage);
		r.raftLog.commitTo(3);
		Snapshot old = SNAP.toBuilder().setMetadata(SNAP.getMetadata().toBuilder().setIndex(2).setTerm(1)).build();
		assertThat(Membership.restore(r, old)).isFalse();
		assertThat(r.raftLog.lastIndex()).isEqualTo(3);
	}

	@Test
	void aSnapshotMatchingTheLogOnlyFastForwardsTheCommitIndex() {
		MemoryStorage storage = TestNetwork.storageWithVoters(1, 2);
		storage.append(RaftReplicationTests.terms(1, 1, 1));
		Raft r = TestNetwork.newRaft(2, 10, 1, storage);
		Snapshot matching = SNAP.toBuilder().setMetadata(SNAP.getMetadata().toBuilder().setIndex(2).setTerm(1))
			.build();
		assertThat(Membership.restore(r, matching)).isFalse();
		assertThat(r.raftLog.committed).isEqualTo(2);
		assertThat(r.raftLog.lastIndex()).isEqualTo(3);
	}

	@Test
	void aSlowFollowerCatchesUpThroughTheNetworkFromASnapshot() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		nw.isolate(3);
		for (int i = 0; i < 10; i++) {
			nw.send(TestNetwork.prop(1, "d" + i));
		}
		Raft lead = nw.peer(1);
		MemoryStorage leadStorage = nw.storages.get(1L);
		TestNetwork.nextEnts(lead, leadStorage);
		ConfState cs = lead.trk.confState();
		leadStorage.createSnapshot(lead.raftLog.applied, cs, ByteString.EMPTY);
		leadStorage.compact(lead.raftLog.applied);

		nw.recover();
		// Let the leader learn that 3 is alive, then replicate.
		for (int i = 0; i < 3; i++) {
			nw.send(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgBeat).build());
		}
		nw.send(TestNetwork.prop(1, "after"));
		Raft follower = nw.peer(3);
		assertThat(follower.raftLog.committed).isEqualTo(lead.raftLog.committed);
		List<org.raftboot.raft.pb.Entry> tail = follower.raftLog.nextUnstableEnts();
		assertThat(tail).last().satisfies((e) -> assertThat(e.getData().toStringUtf8()).isEqualTo("after"));
	}

}
