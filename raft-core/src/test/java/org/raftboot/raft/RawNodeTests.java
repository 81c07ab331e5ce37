package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
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
import org.raftboot.raft.tracker.ProgressState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The public driving API: configuration checks, bootstrap, the Ready/advance cycle, async
 * storage writes, configuration changes, reads and status.
 */
class RawNodeTests {

	private static RawNode rawNode(long id, MemoryStorage storage, Consumer<Config> tweak) {
		Config c = TestNetwork.config(id, 10, 1, storage);
		tweak.accept(c);
		return new RawNode(c);
	}

	private static RawNode rawNode(long id, MemoryStorage storage) {
		return rawNode(id, storage, (c) -> {
		});
	}

	/** Handles one Ready the synchronous way: persist, apply conf changes, advance. */
	private static Ready handle(RawNode rn, MemoryStorage storage) {
		Ready rd = rn.ready();
		if (!RawNode.isEmptyHardState(rd.hardState())) {
			storage.setHardState(rd.hardState());
		}
		storage.append(rd.entries());
		for (Entry e : rd.committedEntries()) {
			if (e.getType() == EntryType.EntryConfChange) {
				rn.applyConfChange(parseV1(e));
			}
			else if (e.getType() == EntryType.EntryConfChangeV2) {
				rn.applyConfChange(parseV2(e));
			}
		}
		rn.advance();
		return rd;
	}

	private static ConfChange parseV1(Entry e) {
		try {
			return ConfChange.parseFrom(e.getData());
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ConfChangeV2 parseV2(Entry e) {
		try {
			return ConfChangeV2.parseFrom(e.getData());
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void stabilize(RawNode rn, MemoryStorage storage) {
		while (rn.hasReady()) {
			handle(rn, storage);
		}
	}

	@Test
	void invalidConfigurationsAreRejectedWithEtcdsTexts() {
		MemoryStorage s = new MemoryStorage();
		assertInvalid(new Config().setId(0), "cannot use none as id");
		assertInvalid(new Config().setId(-1), "cannot use local target as id");
		assertInvalid(new Config().setId(1), "heartbeat tick must be greater than 0");
		assertInvalid(new Config().setId(1).setHeartbeatTick(2).setElectionTick(2),
				"election tick must be greater than heartbeat tick");
		assertInvalid(new Config().setId(1).setHeartbeatTick(1).setElectionTick(2), "storage cannot be nil");
		assertInvalid(new Config().setId(1).setHeartbeatTick(1).setElectionTick(2).setStorage(s),
				"max inflight messages must be greater than 0");
		assertInvalid(new Config().setId(1).setHeartbeatTick(1).setElectionTick(2).setStorage(s)
			.setMaxInflightMsgs(1).setMaxSizePerMsg(10).setMaxInflightBytes(5),
				"max inflight bytes must be >= max message size");
		assertInvalid(new Config().setId(1).setHeartbeatTick(1).setElectionTick(2).setStorage(s)
			.setMaxInflightMsgs(1).setReadOnlyOption(ReadOnlyOption.LEASE_BASED),
				"CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased");
	}

	private static void assertInvalid(Config c, String message) {
		assertThatThrownBy(c::validate).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
	}

	@Test
	void validationFillsTheDefaults() {
		Config c = new Config().setId(1).setHeartbeatTick(1).setElectionTick(2).setStorage(new MemoryStorage())
			.setMaxInflightMsgs(1).setMaxSizePerMsg(100);
		c.validate();
		assertThat(c.getMaxUncommittedEntriesSize()).isEqualTo(RaftConstants.NO_LIMIT);
		assertThat(c.getMaxCommittedSizePerReady()).isEqualTo(100);
		assertThat(c.getMaxInflightBytes()).isEqualTo(RaftConstants.NO_LIMIT);
		assertThat(c.getLogger()).isNotNull();
		assertThat(c.getRandom()).isNotNull();
	}

	@Test
	void bootstrapRefusesNoPeersAndNonEmptyStorage() {
		MemoryStorage s = new MemoryStorage();
		RawNode rn = rawNode(1, s);
		assertThatThrownBy(() -> rn.bootstrap(List.of())).isInstanceOf(RaftException.class)
			.hasMessage("must provide at least one peer to Bootstrap");
		s.append(List.of(Entry.newBuilder().setTerm(1).setIndex(1).build()));
		assertThatThrownBy(() -> rn.bootstrap(List.of(new Peer(1)))).isInstanceOf(RaftException.class)
			.hasMessage("can't bootstrap a nonempty Storage");
	}

	@Test
	void aBootstrappedSingleNodeElectsItselfAndCommitsProposals() {
		MemoryStorage s = new MemoryStorage();
		RawNode rn = rawNode(1, s);
		rn.bootstrap(List.of(new Peer(1)));
		Ready first = handle(rn, s);
		assertThat(first.hardState()).isEqualTo(HardState.newBuilder().setTerm(1).setVote(0).setCommit(1).build());
		assertThat(first.entries()).singleElement().extracting(Entry::getType).isEqualTo(EntryType.EntryConfChange);
		assertThat(first.committedEntries()).hasSize(1);
		assertThat(first.mustSync()).isTrue();

		rn.campaign();
		stabilize(rn, s);
		assertThat(rn.basicStatus().raftState()).isEqualTo(StateType.StateLeader);

		rn.propose("foo".getBytes());
		Ready rd = handle(rn, s);
		assertThat(rd.entries()).singleElement()
			.satisfies((e) -> assertThat(e.getData().toStringUtf8()).isEqualTo("foo"));
		// The single voter commits as soon as its own append is acknowledged on advance.
		rd = handle(rn, s);
		assertThat(rd.committedEntries()).singleElement()
			.satisfies((e) -> assertThat(e.getData().toStringUtf8()).isEqualTo("foo"));
		assertThat(rn.hasReady()).isFalse();
	}

	@Test
	@SuppressWarnings("deprecation")
	void aQuiescedTickOnlyAdvancesTheElectionClock() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2, 3);
		RawNode follower = rawNode(1, s);
		int timeout = follower.raft.randomizedElectionTimeout;
		for (int i = 0; i < timeout + 5; i++) {
			follower.tickQuiesced();
		}
		assertThat(follower.raft.electionElapsed).isEqualTo(timeout + 5);
		assertThat(follower.basicStatus().raftState()).isEqualTo(StateType.StateFollower);
		assertThat(follower.hasReady()).isFalse();
		// The next real tick sees the election timeout long passed.
		follower.tick();
		assertThat(follower.basicStatus().raftState()).isEqualTo(StateType.StateCandidate);
	}

	@Test
	void theFirstReadyAfterAnElectionReportsSoftAndHardState() {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = rawNode(1, s);
		rn.campaign();
		// The self-vote counts only once the vote is durable, i.e. on advance.
		Ready candidate = handle(rn, s);
		assertThat(candidate.softState()).isEqualTo(new SoftState(0, StateType.StateCandidate));
		Ready rd = handle(rn, s);
		assertThat(candidate.hardState().getTerm()).isEqualTo(1);
		assertThat(candidate.hardState().getVote()).isEqualTo(1);
		assertThat(candidate.mustSync()).isTrue();
		assertThat(rd.softState()).isEqualTo(new SoftState(1, StateType.StateLeader));
		// Unchanged hard state is reported as the empty one.
		assertThat(RawNode.isEmptyHardState(rd.hardState())).isTrue();
		assertThat(rd.entries()).hasSize(1);
		assertThat(rd.mustSync()).isTrue();
		Ready next = handle(rn, s);
		assertThat(next.softState()).isNull();
		assertThat(next.committedEntries()).hasSize(1);
	}

	@Test
	void takingTwoReadiesWithoutAdvanceIsABug() {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = rawNode(1, s);
		rn.campaign();
		rn.ready();
		assertThatThrownBy(rn::ready).isInstanceOf(RaftPanicException.class)
			.hasMessageContaining("two accepted Ready structs without call to Advance");
	}

	@Test
	void localMessagesFromTheNetworkAndResponsesFromStrangersAreRefused() {
		RawNode rn = rawNode(1, TestNetwork.storageWithVoters(1, 2));
		for (MessageType type : List.of(MessageType.MsgHup, MessageType.MsgBeat, MessageType.MsgUnreachable,
				MessageType.MsgSnapStatus, MessageType.MsgCheckQuorum, MessageType.MsgStorageAppend,
				MessageType.MsgStorageAppendResp, MessageType.MsgStorageApply, MessageType.MsgStorageApplyResp)) {
			assertThatThrownBy(() -> rn.step(Message.newBuilder().setType(type).setFrom(2).build()))
				.isInstanceOf(StepLocalMessageException.class)
				.hasMessage("raft: cannot step raft local message");
		}
		assertThatThrownBy(
				() -> rn.step(Message.newBuilder().setType(MessageType.MsgAppResp).setFrom(3).setTerm(1).build()))
			.isInstanceOf(StepPeerNotFoundException.class)
			.hasMessage("raft: cannot step as peer not found");
	}

	@Test
	void asyncStorageWritesHandOutLocalMessagesInsteadOfAdvance() {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = rawNode(1, s, (c) -> c.setAsyncStorageWrites(true));
		rn.campaign();
		assertThatThrownBy(rn::advance).isInstanceOf(RaftPanicException.class);
		List<Entry> applied = new ArrayList<>();
		for (int round = 0; round < 10 && rn.hasReady(); round++) {
			Ready rd = rn.ready();
			for (Message m : rd.messages()) {
				if (m.getType() == MessageType.MsgStorageAppend) {
					assertThat(m.getTo()).isEqualTo(RaftConstants.LOCAL_APPEND_THREAD);
					if (m.hasTerm()) {
						s.setHardState(HardState.newBuilder().setTerm(m.getTerm()).setVote(m.getVote())
							.setCommit(m.getCommit()).build());
					}
					s.append(m.getEntriesList());
					for (Message resp : m.getResponsesList()) {
						rn.step(resp);
					}
				}
				else if (m.getType() == MessageType.MsgStorageApply) {
					assertThat(m.getTo()).isEqualTo(RaftConstants.LOCAL_APPLY_THREAD);
					applied.addAll(m.getEntriesList());
					for (Message resp : m.getResponsesList()) {
						rn.step(resp);
					}
				}
			}
		}
		assertThat(rn.basicStatus().raftState()).isEqualTo(StateType.StateLeader);
		assertThat(applied).hasSize(1);
		assertThat(rn.basicStatus().applied()).isEqualTo(1);
		assertThat(rn.hasReady()).isFalse();
	}

	@Test
	void withAsyncStorageWritesAReceivedSnapshotTravelsThroughTheAppendThread() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		RawNode rn = rawNode(2, s, (c) -> c.setAsyncStorageWrites(true));
		Snapshot snap = Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(11).setTerm(11)
				.setConfState(ConfState.newBuilder().addVoters(1).addVoters(2)))
			.build();
		rn.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgSnap).setTerm(12).setSnapshot(snap)
			.build());
		assertThat(rn.hasReady()).isTrue();
		Ready rd = rn.ready();
		assertThat(rd.messages()).filteredOn((m) -> m.getType() == MessageType.MsgStorageAppend).singleElement()
			.satisfies((append) -> {
				assertThat(append.getSnapshot()).isEqualTo(snap);
				// Once the snapshot is durable: the leader hears of it, and raft learns it is applied.
				assertThat(append.getResponsesList()).extracting(Message::getType, Message::getTo).containsExactly(
						tuple(MessageType.MsgAppResp, 1L),
						tuple(MessageType.MsgStorageAppendResp, 2L));
				assertThat(append.getResponses(1).getSnapshot()).isEqualTo(snap);
				s.applySnapshot(append.getSnapshot());
				append.getResponsesList().stream().filter((m) -> m.getTo() == 2).forEach(rn::step);
			});
		assertThat(rn.basicStatus().applied()).isEqualTo(11);
		assertThat(rn.raft.raftLog.unstable.snapshot).isNull();
	}

	@Test
	void aBootstrapPeersContextTravelsInItsConfChange() throws Exception {
		MemoryStorage s = new MemoryStorage();
		RawNode rn = rawNode(1, s);
		rn.bootstrap(List.of(new Peer(1, "node-1".getBytes()), new Peer(2)));
		Ready rd = rn.ready();
		assertThat(rd.entries()).hasSize(2);
		assertThat(ConfChange.parseFrom(rd.entries().get(0).getData()).getContext().toStringUtf8()).isEqualTo("node-1");
		assertThat(ConfChange.parseFrom(rd.entries().get(1).getData()).hasContext()).isFalse();
	}

	@Test
	void confChangesOfBothVersionsAreProposedAndApplied() {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = rawNode(1, s);
		rn.campaign();
		stabilize(rn, s);

		rn.proposeConfChange(ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(2)
			.setContext(ByteString.copyFromUtf8("ctx")).build());
		stabilize(rn, s);
		assertThat(rn.status().config().learners).containsExactly(2L);

		rn.proposeConfChange(ConfChangeV2.newBuilder()
			.setTransition(ConfChangeTransition.ConfChangeTransitionJointExplicit)
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(3))
			.build());
		stabilize(rn, s);
		assertThat(rn.status().config().voters.isJoint()).isTrue();
		assertThat(rn.status().config().autoLeave).isFalse();

		// An explicit joint config is left by proposing an empty change.
		rn.proposeConfChange(ConfChangeV2.getDefaultInstance());
		stabilize(rn, s);
		ConfState cs = rn.raft.trk.confState();
		assertThat(cs.getVotersList()).containsExactly(1L);
		assertThat(cs.getLearnersList()).containsExactly(2L, 3L);
		assertThat(cs.getVotersOutgoingList()).isEmpty();
	}

	@Test
	void readIndexAnswersComeAsReadStates() {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = rawNode(1, s);
		rn.campaign();
		stabilize(rn, s);
		rn.readIndex("somedata".getBytes());
		assertThat(rn.hasReady()).isTrue();
		Ready rd = handle(rn, s);
		assertThat(rd.readStates()).singleElement().satisfies((rs) -> {
			assertThat(rs.index()).isEqualTo(1);
			assertThat(new String(rs.requestCtx())).isEqualTo("somedata");
		});
		assertThat(rn.hasReady()).isFalse();
	}

	@Test
	void statusShowsProgressOnlyOnTheLeader() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		RawNode rn = rawNode(1, s);
		Status follower = rn.status();
		assertThat(follower.progress()).isEmpty();
		assertThat(follower.raftState()).isEqualTo(StateType.StateFollower);

		rn.raft.becomeCandidate();
		rn.raft.becomeLeader();
		Status leader = rn.status();
		assertThat(leader.progress()).containsOnlyKeys(1L, 2L);
		assertThat(leader.progress().get(1L).state).isEqualTo(ProgressState.StateReplicate);
		assertThat(leader.toString()).isEqualTo("{\"id\":\"1\",\"term\":1,\"vote\":\"1\",\"commit\":0,\"lead\":\"1\","
				+ "\"raftState\":\"StateLeader\",\"applied\":0,\"progress\":{\"1\":{\"match\":0,\"next\":1,"
				+ "\"state\":\"StateReplicate\"},\"2\":{\"match\":0,\"next\":1,\"state\":\"StateProbe\"}},"
				+ "\"leadtransferee\":\"0\"}");

		List<Long> visited = new ArrayList<>();
		rn.withProgress((id, type, pr) -> {
			visited.add(id);
			assertThat(type).isEqualTo(ProgressType.ProgressTypePeer);
			assertThat(pr.inflights).isNull();
		});
		assertThat(visited).containsExactly(1L, 2L);
	}

	@Test
	void reportsOfUnreachablePeersAndSnapshotsReachTheLeader() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		RawNode rn = rawNode(1, s);
		rn.raft.becomeCandidate();
		rn.raft.becomeLeader();
		rn.raft.trk.progress.get(2L).becomeReplicate();
		rn.reportUnreachable(2);
		assertThat(rn.raft.trk.progress.get(2L).state).isEqualTo(ProgressState.StateProbe);
		rn.raft.trk.progress.get(2L).becomeSnapshot(5);
		rn.reportSnapshot(2, SnapshotStatus.SnapshotFinish);
		assertThat(rn.raft.trk.progress.get(2L).state).isEqualTo(ProgressState.StateProbe);
	}

	@Test
	void forgetLeaderClearsTheLeaderOnAFollowerOnly() {
		MemoryStorage s = TestNetwork.storageWithVoters(1, 2);
		RawNode rn = rawNode(2, s);
		rn.raft.becomeFollower(1, 1);
		rn.forgetLeader();
		assertThat(rn.basicStatus().lead()).isZero();
		assertThat(rn.basicStatus().term()).isEqualTo(1);
	}

	@Test
	void proposalsOnAFollowerWithoutLeaderAreDropped() {
		RawNode rn = rawNode(1, TestNetwork.storageWithVoters(1, 2));
		assertThatThrownBy(() -> rn.propose("x".getBytes())).isInstanceOf(ProposalDroppedException.class)
			.hasMessage("raft proposal dropped");
	}

	@Test
	void aStaleStorageAcknowledgementDoesNotMarkEntriesStable() {
		Raft r = TestNetwork.newRaft(2, 10, 1, TestNetwork.storageWithVoters(1, 2));
		r.becomeFollower(1, 1);
		r.step(Message.newBuilder().setFrom(1).setTo(2).setType(MessageType.MsgApp).setTerm(1)
			.addEntries(Entry.newBuilder().setTerm(1).setIndex(1)).build());
		r.raftLog.acceptUnstable();
		r.becomeFollower(2, 1);
		Message ack = Message.newBuilder().setFrom(RaftConstants.LOCAL_APPEND_THREAD).setTo(2)
			.setType(MessageType.MsgStorageAppendResp).setTerm(1).setIndex(1).setLogTerm(1).build();
		r.step(ack);
		assertThat(r.raftLog.hasNextOrInProgressUnstableEnts()).isTrue();
		r.step(ack.toBuilder().setTerm(2).build());
		assertThat(r.raftLog.hasNextOrInProgressUnstableEnts()).isFalse();
	}

	@Test
	void mustSyncOnlyForNewEntriesOrVoteOrTermChanges() {
		HardState a = HardState.newBuilder().setTerm(1).setVote(1).setCommit(1).build();
		assertThat(RawNode.mustSync(a, a, 0)).isFalse();
		assertThat(RawNode.mustSync(a.toBuilder().setCommit(5).build(), a, 0)).isFalse();
		assertThat(RawNode.mustSync(a.toBuilder().setVote(2).build(), a, 0)).isTrue();
		assertThat(RawNode.mustSync(a.toBuilder().setTerm(2).build(), a, 0)).isTrue();
		assertThat(RawNode.mustSync(a, a, 1)).isTrue();
	}

}
