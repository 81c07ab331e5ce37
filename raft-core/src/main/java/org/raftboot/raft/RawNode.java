package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.tracker.Progress;

/**
 * A raft node driven by the caller, one thread at a time: feed it ticks, proposals and messages,
 * then take its {@link Ready}, act on it and {@link #advance()}. The building block of a node
 * runtime; it does no IO and keeps no time of its own.
 */
public final class RawNode {

	final Raft raft;

	private final boolean asyncStorageWrites;

	private SoftState prevSoftSt;

	private HardState prevHardSt;

	/** Self-addressed responses to step on {@link #advance()}, recorded when a Ready is taken. */
	private final List<Message> stepsOnAdvance = new ArrayList<>();

	/**
	 * Creates a node from its configuration and the state in its storage.
	 * @throws IllegalArgumentException if the configuration is invalid
	 */
	public RawNode(Config config) {
		this.raft = new Raft(config);
		this.asyncStorageWrites = config.isAsyncStorageWrites();
		this.prevSoftSt = this.raft.softState();
		this.prevHardSt = this.raft.hardState();
	}

	/**
	 * Initializes an empty storage with a configuration of the given peers, as committed but not
	 * yet persisted configuration-change entries: the first Ready persists and applies them.
	 * Alternatively, start from a storage that holds a snapshot with the initial configuration.
	 * @throws RaftException if no peer is given or the storage is not empty
	 */
	public void bootstrap(List<Peer> peers) {
		if (peers.isEmpty()) {
			throw new RaftException("must provide at least one peer to Bootstrap");
		}
		if (this.raft.raftLog.storage.lastIndex() != 0) {
			throw new RaftException("can't bootstrap a nonempty Storage");
		}

		// The hard state must be persisted with the first Ready, even though it is not new.
		this.prevHardSt = HardState.getDefaultInstance();

		// The entries are unstable; the application appends them to storage with the first Ready.
		this.raft.becomeFollower(1, RaftConstants.NONE);
		List<Entry> ents = new ArrayList<>(peers.size());
		for (int i = 0; i < peers.size(); i++) {
			Peer peer = peers.get(i);
			ConfChange.Builder cc = ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(peer.id());
			if (peer.context() != null) {
				cc.setContext(ByteString.copyFrom(peer.context()));
			}
			ents.add(Entry.newBuilder()
				.setType(EntryType.EntryConfChange)
				.setTerm(1)
				.setIndex(i + 1)
				.setData(cc.build().toByteString())
				.build());
		}
		this.raft.raftLog.append(ents);

		// Mark the entries committed and apply them right away: a node that waited for them to be
		// applied would not know its peers, and so could not even campaign.
		this.raft.raftLog.committed = ents.size();
		for (Peer peer : peers) {
			ConfChange cc = ConfChange.newBuilder().setNodeId(peer.id()).setType(ConfChangeType.ConfChangeAddNode).build();
			Membership.applyConfChange(this.raft, ConfChanges.asV2(cc));
		}
	}

	/** Advances the logical clock by one tick (an election or heartbeat tick, by role). */
	public void tick() {
		this.raft.tick();
	}

	/**
	 * How many {@link #tick()}s may come before one has an effect beyond advancing the logical
	 * clocks ({@link Integer#MAX_VALUE} for a member that never campaigns). A driver may hold ticks
	 * back until then, as long as it calls {@code tick()} for every held tick before it steps anything
	 * else: an idle follower's thread then sleeps through the heartbeat intervals instead of waking on
	 * every tick. Not in etcd; valid until the next call into this node.
	 */
	public int ticksUntilTimeout() {
		return this.raft.ticksUntilTimeout();
	}

	/**
	 * Whether entries were handed out for writing (async storage writes) and their write has not
	 * been acknowledged yet: an acknowledgement is then still to be stepped. Not in etcd's API.
	 */
	public boolean hasWritesInProgress() {
		Unstable u = this.raft.raftLog.unstable;
		return u.offsetInProgress > u.offset;
	}

	/**
	 * Advances only the election clock, without any of a tick's effects; for idle groups.
	 * @deprecated as in etcd: it may delay elections and break check-quorum
	 */
	@Deprecated
	public void tickQuiesced() {
		this.raft.electionElapsed++;
	}

	/** Starts an election (a pre-election with pre-vote). */
	public void campaign() {
		this.raft.step(Message.newBuilder().setType(MessageType.MsgHup).build());
	}

	/**
	 * Proposes data to be appended to the log.
	 * @throws ProposalDroppedException if the proposal cannot be accepted now
	 */
	public void propose(byte[] data) {
		this.raft.step(Message.newBuilder()
			.setType(MessageType.MsgProp)
			.setFrom(this.raft.id)
			.addEntries(Entry.newBuilder().setData(ByteString.copyFrom(data)))
			.build());
	}

	/**
	 * Proposes a configuration change, a {@link ConfChange} or a {@link ConfChangeV2}. It takes
	 * effect when the application applies it with {@link #applyConfChange}.
	 * @throws ProposalDroppedException if the proposal cannot be accepted now
	 */
	public void proposeConfChange(MessageLite cc) {
		this.raft.step(confChangeToMsg(cc));
	}

	/**
	 * Applies a committed configuration change and returns the resulting configuration.
	 * @throws org.raftboot.raft.confchange.ConfChangeException if the change is invalid
	 */
	public ConfState applyConfChange(MessageLite cc) {
		return Membership.applyConfChange(this.raft, asV2(cc));
	}

	/**
	 * Feeds a message from a peer (or a local storage thread) into the state machine. A message of a
	 * type this version does not know (a newer etcd's) only counts for its term, as in etcd.
	 * @throws StepLocalMessageException for a local message type from the network
	 * @throws StepPeerNotFoundException for a response from a node not in the configuration
	 * @throws ProposalDroppedException if a proposal cannot be accepted
	 */
	public void step(Message m) {
		if (!Messages.isLocalMsgTarget(m.getFrom()) && Messages.isLocalMsg(m)) {
			throw StepLocalMessageException.INSTANCE;
		}
		if (Messages.isResponseMsg(m.getType()) && !Messages.isLocalMsgTarget(m.getFrom())
				&& this.raft.trk.progress.get(m.getFrom()) == null) {
			throw StepPeerNotFoundException.INSTANCE;
		}
		this.raft.step(m);
	}

	/**
	 * Takes what is ready: the application must handle it completely (and, without async storage
	 * writes, call {@link #advance()}) before taking the next one.
	 */
	public Ready ready() {
		Ready rd = readyWithoutAccept();
		acceptReady(rd);
		return rd;
	}

	private Ready readyWithoutAccept() {
		Raft r = this.raft;
		List<Entry> entries = r.raftLog.nextUnstableEnts();
		List<Entry> committedEntries = r.raftLog.nextCommittedEnts(applyUnstableEntries());
		@Nullable SoftState changedSoftState = r.hasSoftState(this.prevSoftSt) ? null : r.softState();
		HardState hardState = r.hasHardState(this.prevHardSt) ? this.prevHardSt : r.hardState();
		HardState changedHardState = (hardState == this.prevHardSt) ? HardState.getDefaultInstance() : hardState;
		Snapshot snapshot = Snapshot.getDefaultInstance();
		if (r.raftLog.hasNextUnstableSnapshot()) {
			Snapshot next = r.raftLog.nextUnstableSnapshot();
			if (next != null) {
				snapshot = next;
			}
		}
		boolean mustSync = mustSync(hardState, this.prevHardSt, entries.size());

		List<Message> messages = new ArrayList<>(r.msgs);
		if (this.asyncStorageWrites) {
			if (!entries.isEmpty() || !isEmptyHardState(changedHardState) || !isEmptySnap(snapshot)
					|| !r.msgsAfterAppend.isEmpty()) {
				messages.add(newStorageAppendMsg(entries, changedHardState, snapshot));
			}
			if (!committedEntries.isEmpty()) {
				messages.add(newStorageApplyMsg(committedEntries));
			}
		}
		else {
			for (Message m : r.msgsAfterAppend) {
				if (m.getTo() != r.id) {
					messages.add(m);
				}
			}
		}
		return new Ready(changedSoftState, changedHardState, r.readStates, entries, snapshot, committedEntries,
				messages, mustSync);
	}

	/** The local message asking the append thread to persist a Ready's state, with its responses. */
	private Message newStorageAppendMsg(List<Entry> entries, HardState hardState, Snapshot snapshot) {
		Message.Builder m = Message.newBuilder()
			.setType(MessageType.MsgStorageAppend)
			.setTo(RaftConstants.LOCAL_APPEND_THREAD)
			.setFrom(this.raft.id)
			.addAllEntries(entries);
		if (!isEmptyHardState(hardState)) {
			m.setTerm(hardState.getTerm()).setVote(hardState.getVote()).setCommit(hardState.getCommit());
		}
		if (!isEmptySnap(snapshot)) {
			m.setSnapshot(snapshot);
		}
		// Acks and votes go out only once the state is durable: the append thread delivers them.
		m.addAllResponses(this.raft.msgsAfterAppend);
		if (needStorageAppendRespMsg(snapshot)) {
			m.addResponses(newStorageAppendRespMsg(snapshot));
		}
		return m.build();
	}

	private boolean needStorageAppendRespMsg(Snapshot snapshot) {
		return this.raft.raftLog.hasNextOrInProgressUnstableEnts() || !isEmptySnap(snapshot);
	}

	/**
	 * The acknowledgement that the log up to its current last entry (and the snapshot) is
	 * durable. It names the last entry including those not yet handed out, which is safe: the
	 * response is only delivered after everything before it was written.
	 */
	private Message newStorageAppendRespMsg(Snapshot snapshot) {
		Message.Builder m = Message.newBuilder()
			.setType(MessageType.MsgStorageAppendResp)
			.setTo(this.raft.id)
			.setFrom(RaftConstants.LOCAL_APPEND_THREAD)
			.setTerm(this.raft.term);
		if (this.raft.raftLog.hasNextOrInProgressUnstableEnts()) {
			EntryId last = this.raft.raftLog.lastEntryId();
			m.setIndex(last.index()).setLogTerm(last.term());
		}
		if (!isEmptySnap(snapshot)) {
			m.setSnapshot(snapshot);
		}
		return m.build();
	}

	/** The local message asking the apply thread to apply committed entries (at no term). */
	private Message newStorageApplyMsg(List<Entry> ents) {
		return Message.newBuilder()
			.setType(MessageType.MsgStorageApply)
			.setTo(RaftConstants.LOCAL_APPLY_THREAD)
			.setFrom(this.raft.id)
			.setTerm(0)
			.addAllEntries(ents)
			.addResponses(newStorageApplyRespMsg(ents))
			.build();
	}

	private Message newStorageApplyRespMsg(List<Entry> ents) {
		return Message.newBuilder()
			.setType(MessageType.MsgStorageApplyResp)
			.setTo(this.raft.id)
			.setFrom(RaftConstants.LOCAL_APPLY_THREAD)
			.setTerm(0)
			.addAllEntries(ents)
			.build();
	}

	/** Records that the application took a Ready: nothing in it is handed out again. */
	private void acceptReady(Ready rd) {
		Raft r = this.raft;
		if (rd.softState() != null) {
			this.prevSoftSt = rd.softState();
		}
		if (!isEmptyHardState(rd.hardState())) {
			this.prevHardSt = rd.hardState();
		}
		if (!rd.readStates().isEmpty()) {
			r.readStates = new ArrayList<>();
		}
		if (!this.asyncStorageWrites) {
			if (!this.stepsOnAdvance.isEmpty()) {
				throw r.logger.panicf("two accepted Ready structs without call to Advance");
			}
			for (Message m : r.msgsAfterAppend) {
				if (m.getTo() == r.id) {
					this.stepsOnAdvance.add(m);
				}
			}
			if (needStorageAppendRespMsg(rd.snapshot())) {
				this.stepsOnAdvance.add(newStorageAppendRespMsg(rd.snapshot()));
			}
			if (!rd.committedEntries().isEmpty()) {
				this.stepsOnAdvance.add(newStorageApplyRespMsg(rd.committedEntries()));
			}
		}
		r.msgs = new ArrayList<>();
		r.msgsAfterAppend = new ArrayList<>();
		r.raftLog.acceptUnstable();
		if (!rd.committedEntries().isEmpty()) {
			List<Entry> ents = rd.committedEntries();
			long index = ents.get(ents.size() - 1).getIndex();
			r.raftLog.acceptApplying(index, Messages.entsSize(ents), applyUnstableEntries());
		}
	}

	/**
	 * Whether committed entries may be applied before they are durable locally: yes with
	 * synchronous writes, since the Ready persists them before applying.
	 */
	private boolean applyUnstableEntries() {
		return !this.asyncStorageWrites;
	}

	/** Whether {@link #ready()} has anything to hand out. */
	public boolean hasReady() {
		Raft r = this.raft;
		if (!r.hasSoftState(this.prevSoftSt)) {
			return true;
		}
		if (!r.hasHardState(HardState.getDefaultInstance()) && !r.hasHardState(this.prevHardSt)) {
			return true;
		}
		if (r.raftLog.hasNextUnstableSnapshot()) {
			return true;
		}
		if (!r.msgs.isEmpty() || !r.msgsAfterAppend.isEmpty()) {
			return true;
		}
		if (r.raftLog.hasNextUnstableEnts() || r.raftLog.hasNextCommittedEnts(applyUnstableEntries())) {
			return true;
		}
		return !r.readStates.isEmpty();
	}

	/**
	 * Tells the node the last Ready was handled (persisted, sent, applied): it then steps its own
	 * acknowledgements. Not used with async storage writes.
	 */
	public void advance() {
		if (this.asyncStorageWrites) {
			throw this.raft.logger.panicf("Advance must not be called when using AsyncStorageWrites");
		}
		List<Message> steps = new ArrayList<>(this.stepsOnAdvance);
		this.stepsOnAdvance.clear();
		for (Message m : steps) {
			try {
				this.raft.step(m);
			}
			catch (RaftException ex) {
				// As etcd: the node's own acknowledgements cannot be refused in a meaningful way.
			}
		}
	}

	/** The node's state, with the progress of every peer when it leads. */
	public Status status() {
		BasicStatus basic = basicStatus();
		TreeMap<Long, Progress> progress = new TreeMap<>();
		if (basic.raftState() == StateType.StateLeader) {
			this.raft.trk.visit((id, pr) -> progress.put(id, pr.deepCopy()));
		}
		return new Status(basic, this.raft.trk.config.copy(), progress);
	}

	/** The node's state without the progress of its peers; cheap. */
	public BasicStatus basicStatus() {
		Raft r = this.raft;
		return new BasicStatus(r.id, r.hardState(), r.softState(), r.raftLog.applied, r.leadTransferee);
	}

	/** Receives a copy of one peer's progress (without its inflight window). */
	@FunctionalInterface
	public interface ProgressVisitor {

		void visit(long id, ProgressType type, Progress progress);

	}

	/** Visits the progress of every peer in ascending id order, without copying the windows. */
	public void withProgress(ProgressVisitor visitor) {
		this.raft.trk.visit((id, pr) -> {
			ProgressType type = pr.isLearner ? ProgressType.ProgressTypeLearner : ProgressType.ProgressTypePeer;
			Progress p = pr.shallowCopy();
			p.inflights = null;
			visitor.visit(id, type, p);
		});
	}

	/** Reports that the last message to a peer could not be delivered. */
	public void reportUnreachable(long id) {
		stepQuietly(Message.newBuilder().setType(MessageType.MsgUnreachable).setFrom(id).build());
	}

	/** Reports whether a snapshot sent to a peer arrived. */
	public void reportSnapshot(long id, SnapshotStatus status) {
		boolean reject = status == SnapshotStatus.SnapshotFailure;
		stepQuietly(Message.newBuilder().setType(MessageType.MsgSnapStatus).setFrom(id).setReject(reject).build());
	}

	/** Asks the leader to hand leadership over to the given node. */
	public void transferLeader(long transferee) {
		stepQuietly(Message.newBuilder().setType(MessageType.MsgTransferLeader).setFrom(transferee).build());
	}

	/**
	 * Makes a follower forget its leader, so it grants votes again before the leader times out,
	 * e.g. when the application learned the leader is gone. A no-op on a leader.
	 */
	public void forgetLeader() {
		this.raft.step(Message.newBuilder().setType(MessageType.MsgForgetLeader).build());
	}

	/**
	 * Requests a read index; the answer comes as a {@link ReadState} with the same context in a
	 * later {@link Ready}.
	 */
	public void readIndex(byte[] rctx) {
		stepQuietly(Message.newBuilder()
			.setType(MessageType.MsgReadIndex)
			.addEntries(Entry.newBuilder().setData(ByteString.copyFrom(rctx)))
			.build());
	}

	private void stepQuietly(Message m) {
		try {
			this.raft.step(m);
		}
		catch (RaftException ex) {
			// As etcd: these requests are best effort.
		}
	}

	/** The proposal carrying a configuration change; {@code null} proposes leaving a joint config. */
	static Message confChangeToMsg(@Nullable MessageLite cc) {
		Entry.Builder e = Entry.newBuilder();
		if (cc == null) {
			e.setType(EntryType.EntryConfChangeV2);
		}
		else if (cc instanceof ConfChange v1) {
			e.setType(EntryType.EntryConfChange).setData(v1.toByteString());
		}
		else if (cc instanceof ConfChangeV2 v2) {
			e.setType(EntryType.EntryConfChangeV2).setData(v2.toByteString());
		}
		else {
			throw new IllegalArgumentException("not a configuration change: " + cc.getClass().getName());
		}
		return Message.newBuilder().setType(MessageType.MsgProp).addEntries(e).build();
	}

	private static ConfChangeV2 asV2(MessageLite cc) {
		if (cc instanceof ConfChange v1) {
			return ConfChanges.asV2(v1);
		}
		if (cc instanceof ConfChangeV2 v2) {
			return v2;
		}
		throw new IllegalArgumentException("not a configuration change: " + cc.getClass().getName());
	}

	/** Whether the hard state must be synced before the messages of a Ready are sent. */
	public static boolean mustSync(HardState st, HardState prevst, int entsnum) {
		// Persistent state on all servers: currentTerm, votedFor, log[].
		return entsnum != 0 || st.getVote() != prevst.getVote() || st.getTerm() != prevst.getTerm();
	}

	/** Whether a hard state carries nothing (term, vote and commit all zero). */
	public static boolean isEmptyHardState(HardState st) {
		return isHardStateEqual(st, HardState.getDefaultInstance());
	}

	/** Whether a snapshot is the empty one (index zero). */
	public static boolean isEmptySnap(Snapshot sp) {
		return sp.getMetadata().getIndex() == 0;
	}

	static boolean isHardStateEqual(HardState a, HardState b) {
		return a.getTerm() == b.getTerm() && a.getVote() == b.getVote() && a.getCommit() == b.getCommit();
	}

}
