package org.raftboot.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.ReadOnlyOption;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code raft.*} settings of this application's Raft replica: the documented contract of the
 * starter, bound from {@code application.yml} and command-line arguments. Defaults follow etcd.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("raft")
public class RaftProperties {

	/**
	 * Whether to run a Raft replica in this application.
	 */
	private boolean enabled = true;

	/**
	 * Id of this replica, greater than 0 and unique in the cluster.
	 */
	private long nodeId;

	/**
	 * Id of the cluster, checked on every peer connection so that nodes of different clusters never talk.
	 */
	private long clusterId = 1;

	/**
	 * Members and their peer addresses (id to host:port), this node included. They bootstrap a new
	 * cluster when the storage directory is empty; afterwards they only give addresses. When empty, the
	 * node runs as a single-node cluster of itself.
	 */
	private Map<Long, String> peers = new LinkedHashMap<>();

	/**
	 * Whether to start with an empty configuration and wait to be added to an existing cluster (only
	 * when the storage directory is empty).
	 */
	private boolean join;

	/**
	 * Duration of one Raft tick, the unit of the election and heartbeat timeouts. At most 365d, and so is
	 * the election timeout (election-tick ticks).
	 */
	private Duration tickInterval = Duration.ofMillis(100);

	/**
	 * Number of ticks without news from a leader after which a follower starts an election.
	 */
	private int electionTick = 10;

	/**
	 * Number of ticks between two heartbeats of the leader.
	 */
	private int heartbeatTick = 1;

	/**
	 * Whether a node first checks that it could win before disrupting the cluster with an election.
	 */
	private boolean preVote = true;

	/**
	 * Whether a leader steps down when it has not heard from a quorum for an election timeout.
	 */
	private boolean checkQuorum = true;

	/**
	 * How linearizable reads are served: safe (a heartbeat round per read batch) or lease-based (the
	 * leader serves leaseRead from a lease, without a round; needs check-quorum and assumes the
	 * members' clocks drift by less than 10 %).
	 */
	private ReadOnlyOption readOnlyOption = ReadOnlyOption.SAFE;

	/**
	 * Maximum size of the entries in one append message; transport.max-frame-size must be at least 1.5
	 * times as large, plus 1033B.
	 */
	private DataSize maxSizePerMsg = DataSize.ofMegabytes(1);

	/**
	 * Maximum number of append messages in flight to one follower.
	 */
	private int maxInflightMsgs = 256;

	/**
	 * Maximum total size of the leader's uncommitted entries; 0 means unlimited.
	 */
	private DataSize maxUncommittedEntriesSize = DataSize.ofBytes(0);

	/**
	 * Maximum total size of the entries in flight to one follower; 0 means unlimited. When set, at least
	 * max-size-per-msg.
	 */
	private DataSize maxInflightBytes = DataSize.ofBytes(0);

	/**
	 * Maximum total size of the committed entries applied in one batch; 0 means max-size-per-msg.
	 */
	private DataSize maxCommittedSizePerReady = DataSize.ofBytes(0);

	/**
	 * Whether followers refuse proposals instead of forwarding them to the leader.
	 */
	private boolean disableProposalForwarding;

	/**
	 * How long a proposal, read barrier or membership change may wait before it fails; at most 365d.
	 */
	private Duration requestTimeout = Duration.ofSeconds(10);

	private final Transport transport = new Transport();

	private final Storage storage = new Storage();

	private final Snapshot snapshot = new Snapshot();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public long getNodeId() {
		return this.nodeId;
	}

	public void setNodeId(long nodeId) {
		this.nodeId = nodeId;
	}

	public long getClusterId() {
		return this.clusterId;
	}

	public void setClusterId(long clusterId) {
		this.clusterId = clusterId;
	}

	public Map<Long, String> getPeers() {
		return this.peers;
	}

	public void setPeers(Map<Long, String> peers) {
		this.peers = peers;
	}

	public boolean isJoin() {
		return this.join;
	}

	public void setJoin(boolean join) {
		this.join = join;
	}

	public Duration getTickInterval() {
		return this.tickInterval;
	}

	public void setTickInterval(Duration tickInterval) {
		this.tickInterval = tickInterval;
	}

	public int getElectionTick() {
		return this.electionTick;
	}

	public void setElectionTick(int electionTick) {
		this.electionTick = electionTick;
	}

	public int getHeartbeatTick() {
		return this.heartbeatTick;
	}

	public void setHeartbeatTick(int heartbeatTick) {
		this.heartbeatTick = heartbeatTick;
	}

	public boolean isPreVote() {
		return this.preVote;
	}

	public void setPreVote(boolean preVote) {
		this.preVote = preVote;
	}

	public boolean isCheckQuorum() {
		return this.checkQuorum;
	}

	public void setCheckQuorum(boolean checkQuorum) {
		this.checkQuorum = checkQuorum;
	}

	public ReadOnlyOption getReadOnlyOption() {
		return this.readOnlyOption;
	}

	public void setReadOnlyOption(ReadOnlyOption readOnlyOption) {
		this.readOnlyOption = readOnlyOption;
	}

	public DataSize getMaxSizePerMsg() {
		return this.maxSizePerMsg;
	}

	public void setMaxSizePerMsg(DataSize maxSizePerMsg) {
		this.maxSizePerMsg = maxSizePerMsg;
	}

	public int getMaxInflightMsgs() {
		return this.maxInflightMsgs;
	}

	public void setMaxInflightMsgs(int maxInflightMsgs) {
		this.maxInflightMsgs = maxInflightMsgs;
	}

	public DataSize getMaxUncommittedEntriesSize() {
		return this.maxUncommittedEntriesSize;
	}

	public void setMaxUncommittedEntriesSize(DataSize maxUncommittedEntriesSize) {
		this.maxUncommittedEntriesSize = maxUncommittedEntriesSize;
	}

	public DataSize getMaxInflightBytes() {
		return this.maxInflightBytes;
	}

	public void setMaxInflightBytes(DataSize maxInflightBytes) {
		this.maxInflightBytes = maxInflightBytes;
	}

	public DataSize getMaxCommittedSizePerReady() {
		return this.maxCommittedSizePerReady;
	}

	public void setMaxCommittedSizePerReady(DataSize maxCommittedSizePerReady) {
		this.maxCommittedSizePerReady = maxCommittedSizePerReady;
	}

	public boolean isDisableProposalForwarding() {
		return this.disableProposalForwarding;
	}

	public void setDisableProposalForwarding(boolean disableProposalForwarding) {
		this.disableProposalForwarding = disableProposalForwarding;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public Storage getStorage() {
		return this.storage;
	}

	public Snapshot getSnapshot() {
		return this.snapshot;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Where this node listens for its peers and how it talks to them.
	 */
	public static class Transport {

		/**
		 * Address the peer listener binds to.
		 */
		private String bindAddress = "0.0.0.0";

		/**
		 * Port the peer listener binds to; by default the port of this node's own entry in raft.peers (0
		 * picks a free port).
		 */
		private @Nullable Integer port;

		/**
		 * Maximum size of one frame on a peer connection: at least 1.5 times max-size-per-msg, plus 1033B,
		 * so that an append message of max-size-per-msg fits.
		 */
		private DataSize maxFrameSize = DataSize.ofMegabytes(16);

		private final Tls tls = new Tls();

		public String getBindAddress() {
			return this.bindAddress;
		}

		public void setBindAddress(String bindAddress) {
			this.bindAddress = bindAddress;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public Tls getTls() {
			return this.tls;
		}

	}

	/**
	 * Mutual TLS between peers, from PEM files.
	 */
	public static class Tls {

		/**
		 * Whether peer connections use mutual TLS.
		 */
		private boolean enabled;

		/**
		 * PEM file holding this node's certificate chain.
		 */
		private @Nullable Path certificateChain;

		/**
		 * PEM file holding this node's unencrypted PKCS#8 private key.
		 */
		private @Nullable Path privateKey;

		/**
		 * PEM file holding the certificates of the authorities that sign peer certificates.
		 */
		private @Nullable Path trustedCertificates;

		/**
		 * Whether a peer's certificate must name the host it was reached at.
		 */
		private boolean hostnameVerification = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getCertificateChain() {
			return this.certificateChain;
		}

		public void setCertificateChain(@Nullable Path certificateChain) {
			this.certificateChain = certificateChain;
		}

		public @Nullable Path getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable Path privateKey) {
			this.privateKey = privateKey;
		}

		public @Nullable Path getTrustedCertificates() {
			return this.trustedCertificates;
		}

		public void setTrustedCertificates(@Nullable Path trustedCertificates) {
			this.trustedCertificates = trustedCertificates;
		}

		public boolean isHostnameVerification() {
			return this.hostnameVerification;
		}

		public void setHostnameVerification(boolean hostnameVerification) {
			this.hostnameVerification = hostnameVerification;
		}

	}

	/**
	 * Where and how the log, hard state and snapshots are kept.
	 */
	public static class Storage {

		/**
		 * Directory of the log, hard state and snapshots; by default data/raft-{node-id} under the
		 * working directory.
		 */
		private @Nullable Path dir;

		/**
		 * Whether every write is forced to disk before it is acknowledged (switch off only for tests).
		 */
		private boolean fsync = true;

		/**
		 * Size at which a log segment file is closed and a new one started.
		 */
		private DataSize segmentSize = DataSize.ofMegabytes(64);

		public @Nullable Path getDir() {
			return this.dir;
		}

		public void setDir(@Nullable Path dir) {
			this.dir = dir;
		}

		public boolean isFsync() {
			return this.fsync;
		}

		public void setFsync(boolean fsync) {
			this.fsync = fsync;
		}

		public DataSize getSegmentSize() {
			return this.segmentSize;
		}

		public void setSegmentSize(DataSize segmentSize) {
			this.segmentSize = segmentSize;
		}

	}

	/**
	 * When snapshots are taken (only with a RaftSnapshotter bean) and how much log they leave behind.
	 */
	public static class Snapshot {

		/**
		 * Number of applied entries after which a new snapshot is taken and the log compacted (etcd's
		 * --snapshot-count).
		 */
		private long entries = 100_000;

		/**
		 * Number of entries kept in the log before a snapshot, so that slightly lagging followers catch up
		 * without a snapshot transfer.
		 */
		private long catchUpEntries = 5_000;

		public long getEntries() {
			return this.entries;
		}

		public void setEntries(long entries) {
			this.entries = entries;
		}

		public long getCatchUpEntries() {
			return this.catchUpEntries;
		}

		public void setCatchUpEntries(long catchUpEntries) {
			this.catchUpEntries = catchUpEntries;
		}

	}

	/**
	 * When the raft health contributor reports UP.
	 */
	public static class Health {

		/**
		 * Maximum number of committed entries not yet applied on this node for it to be healthy.
		 */
		private long maxAppliedLag = 1_000;

		public long getMaxAppliedLag() {
			return this.maxAppliedLag;
		}

		public void setMaxAppliedLag(long maxAppliedLag) {
			this.maxAppliedLag = maxAppliedLag;
		}

	}

}
