package org.raftboot.server;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Config;
import org.raftboot.raft.DefaultRaftLogger;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.raft.Storage;
import org.raftboot.transport.Transport;

/**
 * The settings of one {@link RaftServer}: who it is, the Raft knobs (in ticks, as etcd), how long a
 * tick lasts, when to snapshot and compact, and how long requests may wait. Immutable; build with
 * {@link #builder(long)}. Defaults follow etcd: 100 ms ticks, an election after 10 ticks, a
 * heartbeat every tick, PreVote and CheckQuorum on, a snapshot every 100,000 applied entries keeping
 * 5,000 before it (etcd's {@code --snapshot-count} and its catch-up entries).
 */
public final class RaftServerConfig {

	private final long nodeId;

	private final long groupId;

	private final Duration tickInterval;

	private final int electionTick;

	private final int heartbeatTick;

	private final boolean preVote;

	private final boolean checkQuorum;

	private final ReadOnlyOption readOnlyOption;

	private final long maxSizePerMsg;

	private final int maxInflightMsgs;

	private final long maxUncommittedEntriesSize;

	private final long maxInflightBytes;

	private final long maxCommittedSizePerReady;

	private final boolean disableProposalForwarding;

	private final long snapshotEntries;

	private final long snapshotKeepEntries;

	private final Duration requestTimeout;

	private final Duration confChangeRetryInterval;

	private final RaftLogger logger;

	private RaftServerConfig(Builder b) {
		this.nodeId = b.nodeId;
		this.groupId = b.groupId;
		this.tickInterval = b.tickInterval;
		this.electionTick = b.electionTick;
		this.heartbeatTick = b.heartbeatTick;
		this.preVote = b.preVote;
		this.checkQuorum = b.checkQuorum;
		this.readOnlyOption = b.readOnlyOption;
		this.maxSizePerMsg = b.maxSizePerMsg;
		this.maxInflightMsgs = b.maxInflightMsgs;
		this.maxUncommittedEntriesSize = b.maxUncommittedEntriesSize;
		this.maxInflightBytes = b.maxInflightBytes;
		this.maxCommittedSizePerReady = b.maxCommittedSizePerReady;
		this.disableProposalForwarding = b.disableProposalForwarding;
		this.snapshotEntries = b.snapshotEntries;
		this.snapshotKeepEntries = b.snapshotKeepEntries;
		this.requestTimeout = b.requestTimeout;
		Duration retry = b.confChangeRetryInterval;
		this.confChangeRetryInterval = (retry != null) ? retry : b.tickInterval.multipliedBy(2L * b.electionTick);
		this.logger = b.logger;
	}

	/** A builder for the replica {@code nodeId} (not 0) of the {@link Transport#DEFAULT_GROUP}. */
	public static Builder builder(long nodeId) {
		return new Builder(nodeId);
	}

	public long nodeId() {
		return this.nodeId;
	}

	/** The Raft group, which routes messages on a transport shared by several groups. */
	public long groupId() {
		return this.groupId;
	}

	public Duration tickInterval() {
		return this.tickInterval;
	}

	public int electionTick() {
		return this.electionTick;
	}

	public int heartbeatTick() {
		return this.heartbeatTick;
	}

	/**
	 * How {@link RaftServer#leaseRead()} is served. {@link ReadOnlyOption#SAFE} (the default) has no
	 * lease reads. {@link ReadOnlyOption#LEASE_BASED} (needs check-quorum) gives the leader a lease
	 * kept by the server: raft itself still answers ReadIndex safely, with a heartbeat round, and
	 * voters refuse votes for an election timeout after start or after hearing from a leader.
	 */
	public ReadOnlyOption readOnlyOption() {
		return this.readOnlyOption;
	}

	public boolean preVote() {
		return this.preVote;
	}

	public boolean checkQuorum() {
		return this.checkQuorum;
	}

	/** The most entry bytes in one append message. */
	public long maxSizePerMsg() {
		return this.maxSizePerMsg;
	}

	/** The most append messages in flight to one follower. */
	public int maxInflightMsgs() {
		return this.maxInflightMsgs;
	}

	/** The most bytes of uncommitted entries a leader accepts; 0 means unlimited, as etcd. */
	public long maxUncommittedEntriesSize() {
		return this.maxUncommittedEntriesSize;
	}

	/** The most entry bytes in flight to one follower; 0 means unlimited, as etcd. */
	public long maxInflightBytes() {
		return this.maxInflightBytes;
	}

	/** The most bytes of committed entries handed to the apply side per Ready; 0 means maxSizePerMsg, as etcd. */
	public long maxCommittedSizePerReady() {
		return this.maxCommittedSizePerReady;
	}

	public boolean disableProposalForwarding() {
		return this.disableProposalForwarding;
	}

	/** A snapshot is taken after this many entries were applied since the last one. */
	public long snapshotEntries() {
		return this.snapshotEntries;
	}

	/** How many entries before a snapshot stay in the log for followers that lag a little. */
	public long snapshotKeepEntries() {
		return this.snapshotKeepEntries;
	}

	/** How long a proposal, read barrier or membership change may take before it fails. */
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	/**
	 * After how long a membership change that was not applied is proposed again (raft turns a
	 * change into an empty entry while another one is pending); by default two election timeouts.
	 */
	public Duration confChangeRetryInterval() {
		return this.confChangeRetryInterval;
	}

	public RaftLogger logger() {
		return this.logger;
	}

	/** The raft configuration over {@code storage}, with {@code applied} entries already in the state machine. */
	Config raftConfig(Storage storage, long applied) {
		Config config = new Config().setId(this.nodeId)
			.setElectionTick(this.electionTick)
			.setHeartbeatTick(this.heartbeatTick)
			.setStorage(storage)
			.setApplied(applied)
			.setMaxSizePerMsg(this.maxSizePerMsg)
			.setMaxInflightMsgs(this.maxInflightMsgs)
			.setMaxUncommittedEntriesSize(this.maxUncommittedEntriesSize)
			.setMaxInflightBytes(this.maxInflightBytes)
			.setMaxCommittedSizePerReady(this.maxCommittedSizePerReady)
			.setPreVote(this.preVote)
			.setCheckQuorum(this.checkQuorum)
			.setReadOnlyOption(this.readOnlyOption)
			.setDisableProposalForwarding(this.disableProposalForwarding)
			.setStepDownOnRemoval(true)
			.setAsyncStorageWrites(true)
			.setLogger(this.logger);
		config.validate();
		// Validated as asked (lease reads need check-quorum), then run safe: the server keeps the lease.
		return config.setReadOnlyOption(ReadOnlyOption.SAFE);
	}

	/** Collects the settings; every one has a default but the node id. */
	public static final class Builder {

		private final long nodeId;

		private long groupId = Transport.DEFAULT_GROUP;

		private Duration tickInterval = Duration.ofMillis(100);

		private int electionTick = 10;

		private int heartbeatTick = 1;

		private boolean preVote = true;

		private boolean checkQuorum = true;

		private ReadOnlyOption readOnlyOption = ReadOnlyOption.SAFE;

		private long maxSizePerMsg = 1024 * 1024;

		private int maxInflightMsgs = 256;

		private long maxUncommittedEntriesSize = 64L * 1024 * 1024;

		private long maxInflightBytes;

		private long maxCommittedSizePerReady;

		private boolean disableProposalForwarding;

		private long snapshotEntries = 100_000;

		private long snapshotKeepEntries = 5_000;

		private Duration requestTimeout = Duration.ofSeconds(10);

		private @Nullable Duration confChangeRetryInterval;

		private RaftLogger logger = new DefaultRaftLogger();

		private Builder(long nodeId) {
			if (nodeId == 0) {
				throw new IllegalArgumentException("node id 0 is reserved (raft's None)");
			}
			this.nodeId = nodeId;
		}

		public Builder groupId(long groupId) {
			this.groupId = groupId;
			return this;
		}

		public Builder tickInterval(Duration tickInterval) {
			this.tickInterval = positive(tickInterval, "tickInterval");
			return this;
		}

		public Builder electionTick(int electionTick) {
			this.electionTick = electionTick;
			return this;
		}

		public Builder heartbeatTick(int heartbeatTick) {
			this.heartbeatTick = heartbeatTick;
			return this;
		}

		public Builder preVote(boolean preVote) {
			this.preVote = preVote;
			return this;
		}

		public Builder checkQuorum(boolean checkQuorum) {
			this.checkQuorum = checkQuorum;
			return this;
		}

		/** See {@link RaftServerConfig#readOnlyOption()}. */
		public Builder readOnlyOption(ReadOnlyOption readOnlyOption) {
			this.readOnlyOption = readOnlyOption;
			return this;
		}

		public Builder maxSizePerMsg(long maxSizePerMsg) {
			this.maxSizePerMsg = maxSizePerMsg;
			return this;
		}

		public Builder maxInflightMsgs(int maxInflightMsgs) {
			this.maxInflightMsgs = maxInflightMsgs;
			return this;
		}

		public Builder maxUncommittedEntriesSize(long maxUncommittedEntriesSize) {
			this.maxUncommittedEntriesSize = maxUncommittedEntriesSize;
			return this;
		}

		/** See {@link RaftServerConfig#maxInflightBytes()}. */
		public Builder maxInflightBytes(long maxInflightBytes) {
			this.maxInflightBytes = maxInflightBytes;
			return this;
		}

		/** See {@link RaftServerConfig#maxCommittedSizePerReady()}. */
		public Builder maxCommittedSizePerReady(long maxCommittedSizePerReady) {
			this.maxCommittedSizePerReady = maxCommittedSizePerReady;
			return this;
		}

		public Builder disableProposalForwarding(boolean disableProposalForwarding) {
			this.disableProposalForwarding = disableProposalForwarding;
			return this;
		}

		/** Snapshot after {@code every} applied entries, keeping {@code keep} entries before it in the log. */
		public Builder snapshot(long every, long keep) {
			if (every <= 0 || keep < 0) {
				throw new IllegalArgumentException("snapshot every " + every + " keep " + keep);
			}
			this.snapshotEntries = every;
			this.snapshotKeepEntries = keep;
			return this;
		}

		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = positive(requestTimeout, "requestTimeout");
			return this;
		}

		public Builder confChangeRetryInterval(Duration confChangeRetryInterval) {
			this.confChangeRetryInterval = positive(confChangeRetryInterval, "confChangeRetryInterval");
			return this;
		}

		public Builder logger(RaftLogger logger) {
			this.logger = Objects.requireNonNull(logger, "logger");
			return this;
		}

		public RaftServerConfig build() {
			return new RaftServerConfig(this);
		}

		private static Duration positive(Duration d, String name) {
			if (d.isNegative() || d.isZero()) {
				throw new IllegalArgumentException(name + " must be positive: " + d);
			}
			return d;
		}
	}
}
