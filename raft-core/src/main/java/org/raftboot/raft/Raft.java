package org.raftboot.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

import org.raftboot.raft.confchange.Changer;
import org.raftboot.raft.confchange.Restore;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.UnknownEnums;
import org.raftboot.raft.tracker.Inflights;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressState;
import org.raftboot.raft.tracker.ProgressTracker;

/**
 * The raft state machine of one node (etcd's {@code raft} struct): its term, vote, log, role and
 * the progress of its peers, with the role transitions, ticks and the role-independent part of
 * message handling. The per-role handlers live in {@link LeaderStep}, {@link CandidateStep} and
 * {@link FollowerStep}; elections and voting in {@link Election}; replication in
 * {@link Replication}; configuration changes in {@link Membership}; read requests in
 * {@link ReadIndex}.
 *
 * <p>Not thread-safe: driven by one caller through {@link RawNode}.
 */
final class Raft {

	final long id;

	long term;

	long vote;

	List<ReadState> readStates = new ArrayList<>();

	RaftLog raftLog;

	final long maxMsgSize;

	final long maxUncommittedSize;

	ProgressTracker trk;

	StateType state = StateType.StateFollower;

	/** Whether this node is a learner in its own configuration. */
	boolean isLearner;

	/** Messages to send now. */
	List<Message> msgs = new ArrayList<>();

	/** Messages to send only once the current unstable state is durable (acks and votes). */
	List<Message> msgsAfterAppend = new ArrayList<>();

	long lead;

	/** The target of an ongoing leadership transfer, or none. */
	long leadTransferee;

	/**
	 * The index of the latest configuration change in the log; a new one may only be proposed
	 * once the applied index reached it.
	 */
	long pendingConfIndex;

	final boolean disableConfChangeValidation;

	/** Payload bytes of the leader's uncommitted tail. */
	long uncommittedSize;

	ReadOnly readOnly;

	/** Ticks since the last election timeout (leader/candidate) or since hearing from a leader. */
	int electionElapsed;

	/** Ticks since the last heartbeat (leader only). */
	int heartbeatElapsed;

	final boolean checkQuorum;

	final boolean preVote;

	final int heartbeatTimeout;

	final int electionTimeout;

	/** Drawn from [electionTimeout, 2 * electionTimeout - 1] on every reset. */
	int randomizedElectionTimeout;

	final boolean disableProposalForwarding;

	final boolean stepDownOnRemoval;

	final RaftLogger logger;

	private final RandomGenerator random;

	/** Reads received before this leader committed an entry of its term. */
	List<Message> pendingReadIndexMessages = new ArrayList<>();

	/** etcd's {@code newRaft}: validates the config and restores the state kept in storage. */
	Raft(Config c) {
		c.validate();
		Storage storage = Objects.requireNonNull(c.getStorage());
		this.logger = Objects.requireNonNull(c.getLogger());
		this.random = Objects.requireNonNull(c.getRandom());
		this.raftLog = new RaftLog(storage, this.logger, c.getMaxCommittedSizePerReady());
		Storage.InitialState initial = storage.initialState();
		this.id = c.getId();
		this.maxMsgSize = c.getMaxSizePerMsg();
		this.maxUncommittedSize = c.getMaxUncommittedEntriesSize();
		this.trk = new ProgressTracker(c.getMaxInflightMsgs(), c.getMaxInflightBytes());
		this.electionTimeout = c.getElectionTick();
		this.heartbeatTimeout = c.getHeartbeatTick();
		this.checkQuorum = c.isCheckQuorum();
		this.preVote = c.isPreVote();
		this.readOnly = new ReadOnly(c.getReadOnlyOption());
		this.disableProposalForwarding = c.isDisableProposalForwarding();
		this.disableConfChangeValidation = c.isDisableConfChangeValidation();
		this.stepDownOnRemoval = c.isStepDownOnRemoval();

		EntryId last = this.raftLog.lastEntryId();
		ConfState cs = initial.confState();
		Changer.Result restored = Restore.restore(new Changer(this.trk, last.index()), cs);
		Membership.assertConfStatesEquivalent(this.logger, cs, Membership.switchToConfig(this, restored));

		if (!RawNode.isEmptyHardState(initial.hardState())) {
			loadState(initial.hardState());
		}
		if (c.getApplied() > 0) {
			this.raftLog.appliedTo(c.getApplied(), 0);
		}
		becomeFollower(this.term, RaftConstants.NONE);

		StringJoiner peers = new StringJoiner(",");
		for (long voter : this.trk.voterNodes()) {
			peers.add(Long.toHexString(voter));
		}
		this.logger.infof("newRaft %x [peers: [%s], term: %d, commit: %d, applied: %d, lastindex: %d, lastterm: %d]",
				this.id, peers, this.term, this.raftLog.committed, this.raftLog.applied, last.index(), last.term());
	}

	SoftState softState() {
		return new SoftState(this.lead, this.state);
	}

	HardState hardState() {
		return HardState.newBuilder().setTerm(this.term).setVote(this.vote).setCommit(this.raftLog.committed).build();
	}

	/** Whether the soft state is {@code s}, without building one: asked after every turn of a node's loop. */
	boolean hasSoftState(SoftState s) {
		return s.lead() == this.lead && s.raftState() == this.state;
	}

	/** Whether the hard state is {@code h}, without building one. */
	boolean hasHardState(HardState h) {
		return h.getTerm() == this.term && h.getVote() == this.vote && h.getCommit() == this.raftLog.committed;
	}

	/**
	 * Queues a message, stamping the sender and (except for votes, which carry their own term, and
	 * for proposals and reads, which travel at term 0) the current term.
	 */
	void send(Message.Builder m) {
		if (m.getFrom() == RaftConstants.NONE) {
			m.setFrom(this.id);
		}
		MessageType type = m.getType();
		if (type == MessageType.MsgVote || type == MessageType.MsgVoteResp || type == MessageType.MsgPreVote
				|| type == MessageType.MsgPreVoteResp) {
			if (m.getTerm() == 0) {
				throw this.logger.panicf("term should be set when sending %s", type);
			}
		}
		else {
			if (m.getTerm() != 0) {
				throw this.logger.panicf("term should not be set when sending %s (was %d)", type, m.getTerm());
			}
			if (type != MessageType.MsgProp && type != MessageType.MsgReadIndex) {
				m.setTerm(this.term);
			}
		}
		if (type == MessageType.MsgAppResp || type == MessageType.MsgVoteResp || type == MessageType.MsgPreVoteResp) {
			this.msgsAfterAppend.add(m.build());
		}
		else {
			if (m.getTo() == this.id) {
				throw this.logger.panicf("message should not be self-addressed when sending %s", type);
			}
			this.msgs.add(m.build());
		}
	}

	/**
	 * Records that entries up to {@code index} were applied; a leader in an auto-leave joint
	 * configuration then proposes to leave it.
	 */
	void appliedTo(long index, long size) {
		long oldApplied = this.raftLog.applied;
		long newApplied = Math.max(index, oldApplied);
		this.raftLog.appliedTo(newApplied, size);

		if (this.trk.config.autoLeave && newApplied >= this.pendingConfIndex && this.state == StateType.StateLeader) {
			Message m = RawNode.confChangeToMsg(null);
			try {
				step(m);
				this.logger.infof("initiating automatic transition out of joint configuration %s", this.trk.config);
			}
			catch (RaftException ex) {
				this.logger.debugf("not initiating automatic transition out of joint configuration %s: %s",
						this.trk.config, ex.getMessage());
			}
		}
	}

	void appliedSnap(Snapshot snap) {
		long index = snap.getMetadata().getIndex();
		this.raftLog.stableSnapTo(index);
		appliedTo(index, 0);
	}

	/** Advances the commit index to what a quorum acknowledged, if that entry has this term. */
	boolean maybeCommit() {
		return this.raftLog.maybeCommit(new EntryId(this.term, this.trk.committed()));
	}

	void reset(long term) {
		if (this.term != term) {
			this.term = term;
			this.vote = RaftConstants.NONE;
		}
		this.lead = RaftConstants.NONE;

		this.electionElapsed = 0;
		this.heartbeatElapsed = 0;
		resetRandomizedElectionTimeout();

		abortLeaderTransfer();

		this.trk.resetVotes();
		long lastIndex = this.raftLog.lastIndex();
		this.trk.visit((id, pr) -> {
			pr.match = (id == this.id) ? lastIndex : 0;
			pr.next = lastIndex + 1;
			pr.sentCommit = 0;
			pr.pendingSnapshot = 0;
			pr.state = ProgressState.StateProbe;
			pr.recentActive = false;
			pr.msgAppFlowPaused = false;
			pr.inflights = new Inflights(this.trk.maxInflight, this.trk.maxInflightBytes);
		});

		this.pendingConfIndex = 0;
		this.uncommittedSize = 0;
		this.readOnly = new ReadOnly(this.readOnly.option);
	}

	/**
	 * Appends entries proposed to this leader at its term, unless they would exceed the
	 * uncommitted-size limit, and acknowledges them to itself.
	 */
	boolean appendEntry(List<Entry> es) {
		long li = this.raftLog.lastIndex();
		List<Entry> stamped = new ArrayList<>(es.size());
		for (int i = 0; i < es.size(); i++) {
			stamped.add(es.get(i).toBuilder().setTerm(this.term).setIndex(li + 1 + i).build());
		}
		if (!increaseUncommittedSize(stamped)) {
			this.logger.warningf(
					"%x appending new entries to log would exceed uncommitted entry size limit; dropping proposal",
					this.id);
			return false;
		}
		li = this.raftLog.append(stamped);
		send(Message.newBuilder().setTo(this.id).setType(MessageType.MsgAppResp).setIndex(li));
		return true;
	}

	void tick() {
		if (this.state == StateType.StateLeader) {
			tickHeartbeat();
		}
		else {
			tickElection();
		}
	}

	/** Followers and candidates: campaign once the randomized election timeout elapsed. */
	void tickElection() {
		this.electionElapsed++;
		if (promotable() && pastElectionTimeout()) {
			this.electionElapsed = 0;
			try {
				step(Message.newBuilder().setFrom(this.id).setType(MessageType.MsgHup).build());
			}
			catch (RaftException ex) {
				this.logger.debugf("error occurred during election: %s", ex.getMessage());
			}
		}
	}

	/** Leaders: heartbeat, check the quorum and give up a stalled transfer. */
	void tickHeartbeat() {
		this.heartbeatElapsed++;
		this.electionElapsed++;

		if (this.electionElapsed >= this.electionTimeout) {
			this.electionElapsed = 0;
			if (this.checkQuorum) {
				stepLocal(MessageType.MsgCheckQuorum);
			}
			if (this.state == StateType.StateLeader && this.leadTransferee != RaftConstants.NONE) {
				abortLeaderTransfer();
			}
		}

		if (this.state != StateType.StateLeader) {
			return;
		}

		if (this.heartbeatElapsed >= this.heartbeatTimeout) {
			this.heartbeatElapsed = 0;
			stepLocal(MessageType.MsgBeat);
		}
	}

	private void stepLocal(MessageType type) {
		try {
			step(Message.newBuilder().setFrom(this.id).setType(type).build());
		}
		catch (RaftException ex) {
			this.logger.debugf("error occurred during checking sending heartbeat: %s", ex.getMessage());
		}
	}

	void becomeFollower(long term, long lead) {
		reset(term);
		this.lead = lead;
		this.state = StateType.StateFollower;
		this.logger.infof("%x became follower at term %d", this.id, this.term);
	}

	void becomeCandidate() {
		if (this.state == StateType.StateLeader) {
			throw new IllegalStateException("invalid transition [leader -> candidate]");
		}
		reset(this.term + 1);
		this.vote = this.id;
		this.state = StateType.StateCandidate;
		this.logger.infof("%x became candidate at term %d", this.id, this.term);
	}

	/** Pre-candidates keep their term and vote: a pre-vote must not disturb anybody. */
	void becomePreCandidate() {
		if (this.state == StateType.StateLeader) {
			throw new IllegalStateException("invalid transition [leader -> pre-candidate]");
		}
		this.trk.resetVotes();
		this.lead = RaftConstants.NONE;
		this.state = StateType.StatePreCandidate;
		this.logger.infof("%x became pre-candidate at term %d", this.id, this.term);
	}

	void becomeLeader() {
		if (this.state == StateType.StateFollower) {
			throw new IllegalStateException("invalid transition [follower -> leader]");
		}
		reset(this.term);
		this.lead = this.id;
		this.state = StateType.StateLeader;
		Progress pr = this.trk.progress.get(this.id);
		pr.becomeReplicate();
		pr.recentActive = true;

		// Conservatively treat every entry up to the last index as a possibly unapplied
		// configuration change: no new change may be proposed before they are applied.
		this.pendingConfIndex = this.raftLog.lastIndex();

		if (!appendEntry(List.of(Entry.getDefaultInstance()))) {
			throw this.logger.panic("empty entry was dropped");
		}
		this.logger.infof("%x became leader at term %d", this.id, this.term);
	}

	/**
	 * Handles one message: applies the term rules common to all roles, then the role-independent
	 * messages, then hands over to the current role's handler.
	 * @throws ProposalDroppedException if a proposal cannot be accepted
	 */
	void step(Message m) {
		// Local messages carry term 0 and skip the term rules.
		if (m.getTerm() > this.term) {
			if (!stepHigherTerm(m)) {
				return;
			}
		}
		else if (m.getTerm() != 0 && m.getTerm() < this.term) {
			stepLowerTerm(m);
			return;
		}

		switch (m.getType()) {
			case MsgHup -> {
				if (Messages.unknownType(m).isPresent()) {
					// A peer's type of a newer version, which Java reads as MsgHup: like etcd, hand it to
					// the role, which ignores a type it does not know. Never a campaign.
					stepRole(m);
				}
				else {
					Election.hup(this, this.preVote ? Election.CampaignType.CampaignPreElection
							: Election.CampaignType.CampaignElection);
				}
			}
			case MsgStorageAppendResp -> {
				if (m.getIndex() != 0) {
					this.raftLog.stableTo(new EntryId(m.getLogTerm(), m.getIndex()));
				}
				if (m.hasSnapshot()) {
					appliedSnap(m.getSnapshot());
				}
			}
			case MsgStorageApplyResp -> {
				if (m.getEntriesCount() > 0) {
					long index = m.getEntries(m.getEntriesCount() - 1).getIndex();
					appliedTo(index, Messages.entsSize(m.getEntriesList()));
					reduceUncommittedSize(Messages.payloadsSize(m.getEntriesList()));
				}
			}
			case MsgVote, MsgPreVote -> Election.stepVoteRequest(this, m);
			default -> stepRole(m);
		}
	}

	/** Hands the message to the current role's handler (etcd's {@code r.step}). */
	private void stepRole(Message m) {
		switch (this.state) {
			case StateLeader -> LeaderStep.stepLeader(this, m);
			case StateCandidate, StatePreCandidate -> CandidateStep.stepCandidate(this, m);
			case StateFollower -> FollowerStep.stepFollower(this, m);
		}
	}

	/** A message from a later term. Returns whether to go on handling it. */
	private boolean stepHigherTerm(Message m) {
		if (m.getType() == MessageType.MsgVote || m.getType() == MessageType.MsgPreVote) {
			boolean force = Arrays.equals(m.getContext().toByteArray(), Election.CampaignType.CampaignTransfer.context());
			boolean inLease = this.checkQuorum && this.lead != RaftConstants.NONE
					&& this.electionElapsed < this.electionTimeout;
			if (!force && inLease) {
				// Within the minimum election timeout of hearing from a leader: ignore the vote,
				// neither bumping our term nor granting it.
				EntryId last = this.raftLog.lastEntryId();
				this.logger.infof(
						"%x [logterm: %d, index: %d, vote: %x] ignored %s from %x [logterm: %d, index: %d] at term %d: "
								+ "lease is not expired (remaining ticks: %d)",
						this.id, last.term(), last.index(), this.vote, m.getType(), m.getFrom(), m.getLogTerm(),
						m.getIndex(), this.term, this.electionTimeout - this.electionElapsed);
				return false;
			}
		}
		if (m.getType() == MessageType.MsgPreVote) {
			// Never change our term in response to a pre-vote.
			return true;
		}
		if (m.getType() == MessageType.MsgPreVoteResp && !m.getReject()) {
			// A granted pre-vote carries the future term; we bump it when we win.
			return true;
		}
		this.logger.infof("%x [term: %d] received a %s message with higher term from %x [term: %d]", this.id,
				this.term, UnknownEnums.typeName(m), m.getFrom(), m.getTerm());
		if (m.getType() == MessageType.MsgApp || m.getType() == MessageType.MsgHeartbeat
				|| m.getType() == MessageType.MsgSnap) {
			becomeFollower(m.getTerm(), m.getFrom());
		}
		else {
			becomeFollower(m.getTerm(), RaftConstants.NONE);
		}
		return true;
	}

	private void stepLowerTerm(Message m) {
		if ((this.checkQuorum || this.preVote)
				&& (m.getType() == MessageType.MsgHeartbeat || m.getType() == MessageType.MsgApp)) {
			// A leader cut off from us at a stale term learns about the newer term from this
			// response and steps down, instead of being ignored forever.
			send(Message.newBuilder().setTo(m.getFrom()).setType(MessageType.MsgAppResp));
		}
		else if (m.getType() == MessageType.MsgPreVote) {
			EntryId last = this.raftLog.lastEntryId();
			this.logger.infof(
					"%x [logterm: %d, index: %d, vote: %x] rejected %s from %x [logterm: %d, index: %d] at term %d",
					this.id, last.term(), last.index(), this.vote, m.getType(), m.getFrom(), m.getLogTerm(),
					m.getIndex(), this.term);
			send(Message.newBuilder()
				.setTo(m.getFrom())
				.setTerm(this.term)
				.setType(MessageType.MsgPreVoteResp)
				.setReject(true));
		}
		else if (m.getType() == MessageType.MsgStorageAppendResp) {
			if (m.getIndex() != 0) {
				// The appended entries may have been overwritten by a later leader; only the
				// snapshot part of this response still holds.
				this.logger.infof("%x [term: %d] ignored entry appends from a %s message with lower term [term: %d]",
						this.id, this.term, m.getType(), m.getTerm());
			}
			if (m.hasSnapshot()) {
				appliedSnap(m.getSnapshot());
			}
		}
		else {
			this.logger.infof("%x [term: %d] ignored a %s message with lower term from %x [term: %d]", this.id,
					this.term, UnknownEnums.typeName(m), m.getFrom(), m.getTerm());
		}
	}

	/** Whether this node may become leader: a voter without a snapshot to apply first. */
	boolean promotable() {
		Progress pr = this.trk.progress.get(this.id);
		return pr != null && !pr.isLearner && !this.raftLog.hasNextOrInProgressSnapshot();
	}

	void loadState(HardState state) {
		if (state.getCommit() < this.raftLog.committed || state.getCommit() > this.raftLog.lastIndex()) {
			throw this.logger.panicf("%x state.commit %d is out of range [%d, %d]", this.id, state.getCommit(),
					this.raftLog.committed, this.raftLog.lastIndex());
		}
		this.raftLog.committed = state.getCommit();
		this.term = state.getTerm();
		this.vote = state.getVote();
	}

	/**
	 * Ticks until a tick does more than advance the clocks: the next heartbeat or quorum check on a
	 * leader, the election timeout on a member that may campaign; never for one that may not.
	 */
	int ticksUntilTimeout() {
		if (this.state == StateType.StateLeader) {
			return Math.max(1, Math.min(this.heartbeatTimeout - this.heartbeatElapsed,
					this.electionTimeout - this.electionElapsed));
		}
		if (!promotable()) {
			return Integer.MAX_VALUE;
		}
		return Math.max(1, this.randomizedElectionTimeout - this.electionElapsed);
	}

	boolean pastElectionTimeout() {
		return this.electionElapsed >= this.randomizedElectionTimeout;
	}

	void resetRandomizedElectionTimeout() {
		this.randomizedElectionTimeout = this.electionTimeout + this.random.nextInt(this.electionTimeout);
	}

	void abortLeaderTransfer() {
		this.leadTransferee = RaftConstants.NONE;
	}

	/** Whether the commit index points at an entry of the current term. */
	boolean committedEntryInCurrentTerm() {
		return this.raftLog.zeroTermOnOutOfBounds(this.raftLog.committed) == this.term;
	}

	/**
	 * Accounts for the payload of newly appended entries; refuses them if the limit would be
	 * exceeded. An empty tail or empty entries are always accepted, so a leader can always commit
	 * its empty entry and leave a joint configuration.
	 */
	boolean increaseUncommittedSize(List<Entry> ents) {
		long s = Messages.payloadsSize(ents);
		if (this.uncommittedSize > 0 && s > 0
				&& Long.compareUnsigned(this.uncommittedSize + s, this.maxUncommittedSize) > 0) {
			return false;
		}
		this.uncommittedSize += s;
		return true;
	}

	/** Accounts for newly committed entries; never goes below zero (a new leader starts at zero). */
	void reduceUncommittedSize(long s) {
		if (Long.compareUnsigned(s, this.uncommittedSize) > 0) {
			this.uncommittedSize = 0;
		}
		else {
			this.uncommittedSize -= s;
		}
	}

}
