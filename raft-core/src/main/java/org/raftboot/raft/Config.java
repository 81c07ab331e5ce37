package org.raftboot.raft;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of one raft node, with etcd's fields, defaults and validation rules. Sizes are
 * unsigned 64-bit values, so {@code -1} means "no limit".
 *
 * <p>{@link #validate()} fills the defaults in place (as etcd does) and rejects inconsistent
 * settings with etcd's error texts; {@link RawNode} calls it.
 */
public final class Config {

	private long id;

	private int electionTick;

	private int heartbeatTick;

	private @Nullable Storage storage;

	private long applied;

	private boolean asyncStorageWrites;

	private long maxSizePerMsg;

	private long maxCommittedSizePerReady;

	private long maxUncommittedEntriesSize;

	private int maxInflightMsgs;

	private long maxInflightBytes;

	private boolean checkQuorum;

	private boolean preVote;

	private ReadOnlyOption readOnlyOption = ReadOnlyOption.SAFE;

	private @Nullable RaftLogger logger;

	private boolean disableProposalForwarding;

	private boolean disableConfChangeValidation;

	private boolean stepDownOnRemoval;

	private @Nullable RandomGenerator random;

	/**
	 * Checks the settings and fills the defaults: unlimited uncommitted size and inflight bytes,
	 * committed size per ready as the message size, the default logger and a freshly seeded
	 * random source.
	 * @throws IllegalArgumentException with etcd's text for the first rule broken
	 */
	public void validate() {
		if (this.id == RaftConstants.NONE) {
			throw new IllegalArgumentException("cannot use none as id");
		}
		if (Messages.isLocalMsgTarget(this.id)) {
			throw new IllegalArgumentException("cannot use local target as id");
		}
		if (this.heartbeatTick <= 0) {
			throw new IllegalArgumentException("heartbeat tick must be greater than 0");
		}
		if (this.electionTick <= this.heartbeatTick) {
			throw new IllegalArgumentException("election tick must be greater than heartbeat tick");
		}
		if (this.storage == null) {
			throw new IllegalArgumentException("storage cannot be nil");
		}
		if (this.maxUncommittedEntriesSize == 0) {
			this.maxUncommittedEntriesSize = RaftConstants.NO_LIMIT;
		}
		if (this.maxCommittedSizePerReady == 0) {
			this.maxCommittedSizePerReady = this.maxSizePerMsg;
		}
		if (this.maxInflightMsgs <= 0) {
			throw new IllegalArgumentException("max inflight messages must be greater than 0");
		}
		if (this.maxInflightBytes == 0) {
			this.maxInflightBytes = RaftConstants.NO_LIMIT;
		}
		else if (Long.compareUnsigned(this.maxInflightBytes, this.maxSizePerMsg) < 0) {
			throw new IllegalArgumentException("max inflight bytes must be >= max message size");
		}
		if (this.logger == null) {
			this.logger = new DefaultRaftLogger();
		}
		if (this.random == null) {
			this.random = new SplittableRandom();
		}
		if (this.readOnlyOption == ReadOnlyOption.LEASE_BASED && !this.checkQuorum) {
			throw new IllegalArgumentException(
					"CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased");
		}
	}

	/** This node's id: non-zero, not a local thread id, never reused in the group. */
	public long getId() {
		return this.id;
	}

	public Config setId(long id) {
		this.id = id;
		return this;
	}

	/**
	 * Ticks a follower waits without hearing from a leader before campaigning; the actual timeout
	 * is drawn from {@code [electionTick, 2 * electionTick - 1]}. Also the leader's check-quorum
	 * and transfer-abort period.
	 */
	public int getElectionTick() {
		return this.electionTick;
	}

	public Config setElectionTick(int electionTick) {
		this.electionTick = electionTick;
		return this;
	}

	/** Ticks between a leader's heartbeats. */
	public int getHeartbeatTick() {
		return this.heartbeatTick;
	}

	public Config setHeartbeatTick(int heartbeatTick) {
		this.heartbeatTick = heartbeatTick;
		return this;
	}

	/** Where the durable log and state are read from. */
	public @Nullable Storage getStorage() {
		return this.storage;
	}

	public Config setStorage(Storage storage) {
		this.storage = storage;
		return this;
	}

	/** The last applied index when restarting; entries up to it are not handed out again. */
	public long getApplied() {
		return this.applied;
	}

	public Config setApplied(long applied) {
		this.applied = applied;
		return this;
	}

	/**
	 * Whether storage writes and applications are delegated through local messages
	 * ({@code MsgStorageAppend} / {@code MsgStorageApply}) instead of {@code Ready}/{@code advance}.
	 */
	public boolean isAsyncStorageWrites() {
		return this.asyncStorageWrites;
	}

	public Config setAsyncStorageWrites(boolean asyncStorageWrites) {
		this.asyncStorageWrites = asyncStorageWrites;
		return this;
	}

	/** Byte limit of the entries in one append message (unsigned; 0 means one entry per message). */
	public long getMaxSizePerMsg() {
		return this.maxSizePerMsg;
	}

	public Config setMaxSizePerMsg(long maxSizePerMsg) {
		this.maxSizePerMsg = maxSizePerMsg;
		return this;
	}

	/** Byte limit of committed entries being applied at once (unsigned; 0 means maxSizePerMsg). */
	public long getMaxCommittedSizePerReady() {
		return this.maxCommittedSizePerReady;
	}

	public Config setMaxCommittedSizePerReady(long maxCommittedSizePerReady) {
		this.maxCommittedSizePerReady = maxCommittedSizePerReady;
		return this;
	}

	/** Payload byte limit of a leader's uncommitted tail (unsigned; 0 means no limit). */
	public long getMaxUncommittedEntriesSize() {
		return this.maxUncommittedEntriesSize;
	}

	public Config setMaxUncommittedEntriesSize(long maxUncommittedEntriesSize) {
		this.maxUncommittedEntriesSize = maxUncommittedEntriesSize;
		return this;
	}

	/** Append messages in flight to one follower while replicating optimistically. */
	public int getMaxInflightMsgs() {
		return this.maxInflightMsgs;
	}

	public Config setMaxInflightMsgs(int maxInflightMsgs) {
		this.maxInflightMsgs = maxInflightMsgs;
		return this;
	}

	/** Payload bytes in flight to one follower (unsigned; 0 means no limit). */
	public long getMaxInflightBytes() {
		return this.maxInflightBytes;
	}

	public Config setMaxInflightBytes(long maxInflightBytes) {
		this.maxInflightBytes = maxInflightBytes;
		return this;
	}

	/** Whether a leader steps down when a quorum was not active during an election timeout. */
	public boolean isCheckQuorum() {
		return this.checkQuorum;
	}

	public Config setCheckQuorum(boolean checkQuorum) {
		this.checkQuorum = checkQuorum;
		return this;
	}

	/** Whether elections start with a pre-vote round that does not disrupt the cluster. */
	public boolean isPreVote() {
		return this.preVote;
	}

	public Config setPreVote(boolean preVote) {
		this.preVote = preVote;
		return this;
	}

	/** How read-only requests are served. */
	public ReadOnlyOption getReadOnlyOption() {
		return this.readOnlyOption;
	}

	public Config setReadOnlyOption(ReadOnlyOption readOnlyOption) {
		this.readOnlyOption = readOnlyOption;
		return this;
	}

	/** Where the log lines of this node go. */
	public @Nullable RaftLogger getLogger() {
		return this.logger;
	}

	public Config setLogger(RaftLogger logger) {
		this.logger = logger;
		return this;
	}

	/** Whether followers drop proposals instead of forwarding them to the leader. */
	public boolean isDisableProposalForwarding() {
		return this.disableProposalForwarding;
	}

	public Config setDisableProposalForwarding(boolean disableProposalForwarding) {
		this.disableProposalForwarding = disableProposalForwarding;
		return this;
	}

	/** Whether the leader skips its propose-time checks of configuration changes. */
	public boolean isDisableConfChangeValidation() {
		return this.disableConfChangeValidation;
	}

	public Config setDisableConfChangeValidation(boolean disableConfChangeValidation) {
		this.disableConfChangeValidation = disableConfChangeValidation;
		return this;
	}

	/** Whether a leader becomes a follower when a change removing or demoting it is applied. */
	public boolean isStepDownOnRemoval() {
		return this.stepDownOnRemoval;
	}

	public Config setStepDownOnRemoval(boolean stepDownOnRemoval) {
		this.stepDownOnRemoval = stepDownOnRemoval;
		return this;
	}

	/**
	 * The source of the randomized election timeouts. Injected so that tests are reproducible and
	 * the algorithm never touches shared randomness.
	 */
	public @Nullable RandomGenerator getRandom() {
		return this.random;
	}

	public Config setRandom(RandomGenerator random) {
		this.random = random;
		return this;
	}

}
