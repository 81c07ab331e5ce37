package org.raftboot.transport;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link NettyTransport}: who this node is, where it listens, and the limits that keep
 * its memory bounded whatever its peers do. Immutable; built with {@link #builder(long, long)}, which
 * validates every value.
 */
public final class TransportConfig {

	/** Default largest frame: 16 MiB. */
	public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

	/** Default bound of a peer's outbound queue, in messages (etcd's stream buffer). */
	public static final int DEFAULT_MAX_QUEUED_MESSAGES = 4096;

	/** Default bound of a peer's outbound queue, in bytes: 64 MiB. */
	public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;

	/** Default size of a snapshot chunk: 1 MiB. */
	public static final int DEFAULT_SNAPSHOT_CHUNK_SIZE = 1024 * 1024;

	/** Bytes a frame needs besides its payload (kind and group), so that chunks fit in a frame. */
	static final int FRAME_OVERHEAD = Frames.HEADER;

	private final long clusterId;

	private final long nodeId;

	private final InetSocketAddress bindAddress;

	private final int maxFrameSize;

	private final int maxQueuedMessages;

	private final long maxQueuedBytes;

	private final int snapshotChunkSize;

	private final Duration snapshotTimeout;

	private final Path snapshotDirectory;

	private final Duration connectTimeout;

	private final Duration reconnectBackoffMin;

	private final Duration reconnectBackoffMax;

	private final int ioThreads;

	private final boolean preferNativeTransport;

	private final @Nullable TlsConfig tls;

	private TransportConfig(Builder b) {
		this.clusterId = b.clusterId;
		this.nodeId = b.nodeId;
		this.bindAddress = b.bindAddress;
		this.maxFrameSize = b.maxFrameSize;
		this.maxQueuedMessages = b.maxQueuedMessages;
		this.maxQueuedBytes = b.maxQueuedBytes;
		this.snapshotChunkSize = b.snapshotChunkSize;
		this.snapshotTimeout = b.snapshotTimeout;
		this.snapshotDirectory = b.snapshotDirectory;
		this.connectTimeout = b.connectTimeout;
		this.reconnectBackoffMin = b.reconnectBackoffMin;
		this.reconnectBackoffMax = b.reconnectBackoffMax;
		this.ioThreads = b.ioThreads;
		this.preferNativeTransport = b.preferNativeTransport;
		this.tls = b.tls;
	}

	/** A builder with every default, for node {@code nodeId} of cluster {@code clusterId}. */
	public static Builder builder(long clusterId, long nodeId) {
		return new Builder(clusterId, nodeId);
	}

	/** Identifies the cluster; a peer announcing another one is refused. */
	public long clusterId() {
		return this.clusterId;
	}

	/** This node's Raft id (never 0). */
	public long nodeId() {
		return this.nodeId;
	}

	/** Where the server socket listens; port 0 picks an ephemeral port. Default {@code 0.0.0.0:0}. */
	public InetSocketAddress bindAddress() {
		return this.bindAddress;
	}

	/** The largest frame accepted or sent, its kind and group included, its length prefix not. Default 16 MiB. */
	public int maxFrameSize() {
		return this.maxFrameSize;
	}

	/** The largest serialized message a frame of {@code maxFrameSize} bytes carries. */
	public static long maxMessageSize(long maxFrameSize) {
		return maxFrameSize - FRAME_OVERHEAD;
	}

	/** Messages a peer's outbound queue may hold before new ones are dropped. Default 4096. */
	public int maxQueuedMessages() {
		return this.maxQueuedMessages;
	}

	/** Bytes a peer's outbound queue may hold before new messages are dropped. Default 64 MiB. */
	public long maxQueuedBytes() {
		return this.maxQueuedBytes;
	}

	/** The size of the chunks a snapshot is streamed in. Default 1 MiB. */
	public int snapshotChunkSize() {
		return this.snapshotChunkSize;
	}

	/** How long a snapshot stream may make no progress before it is abandoned. Default 30 s. */
	public Duration snapshotTimeout() {
		return this.snapshotTimeout;
	}

	/** Where received snapshots are assembled. Default {@code java.io.tmpdir}. */
	public Path snapshotDirectory() {
		return this.snapshotDirectory;
	}

	/** How long a connection attempt may take, and an inbound connection may wait before its header. Default 3 s. */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/** The first delay before reconnecting to a peer that failed. Default 100 ms. */
	public Duration reconnectBackoffMin() {
		return this.reconnectBackoffMin;
	}

	/** The longest delay before reconnecting, reached by doubling. Default 5 s. */
	public Duration reconnectBackoffMax() {
		return this.reconnectBackoffMax;
	}

	/**
	 * Threads serving all connections. Default 1: one event loop carries every connection, and a
	 * {@code RaftServer} runs its node on it ({@link Transport#executorFor}), so that a message is
	 * read, stepped and answered by one thread without waking another. More threads spread the
	 * connections of many peers over several cores, at the cost of a hand-off to the node's own
	 * thread for every message.
	 */
	public int ioThreads() {
		return this.ioThreads;
	}

	/** Whether epoll is used when available (NIO otherwise). Default {@code true}. */
	public boolean preferNativeTransport() {
		return this.preferNativeTransport;
	}

	/** Mutual TLS settings, or {@code null} for plaintext. */
	public @Nullable TlsConfig tls() {
		return this.tls;
	}

	/** Collects and validates the settings of a {@link TransportConfig}. */
	public static final class Builder {

		private final long clusterId;

		private final long nodeId;

		private InetSocketAddress bindAddress = new InetSocketAddress(0);

		private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

		private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;

		private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;

		private int snapshotChunkSize = DEFAULT_SNAPSHOT_CHUNK_SIZE;

		private Duration snapshotTimeout = Duration.ofSeconds(30);

		private Path snapshotDirectory = Path.of(System.getProperty("java.io.tmpdir"));

		private Duration connectTimeout = Duration.ofSeconds(3);

		private Duration reconnectBackoffMin = Duration.ofMillis(100);

		private Duration reconnectBackoffMax = Duration.ofSeconds(5);

		private int ioThreads = 1;

		private boolean preferNativeTransport = true;

		private @Nullable TlsConfig tls;

		private Builder(long clusterId, long nodeId) {
			this.clusterId = clusterId;
			this.nodeId = nodeId;
		}

		public Builder bindAddress(InetSocketAddress bindAddress) {
			this.bindAddress = bindAddress;
			return this;
		}

		public Builder maxFrameSize(int maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
			return this;
		}

		public Builder maxQueuedMessages(int maxQueuedMessages) {
			this.maxQueuedMessages = maxQueuedMessages;
			return this;
		}

		public Builder maxQueuedBytes(long maxQueuedBytes) {
			this.maxQueuedBytes = maxQueuedBytes;
			return this;
		}

		public Builder snapshotChunkSize(int snapshotChunkSize) {
			this.snapshotChunkSize = snapshotChunkSize;
			return this;
		}

		public Builder snapshotTimeout(Duration snapshotTimeout) {
			this.snapshotTimeout = snapshotTimeout;
			return this;
		}

		public Builder snapshotDirectory(Path snapshotDirectory) {
			this.snapshotDirectory = snapshotDirectory;
			return this;
		}

		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		public Builder reconnectBackoff(Duration min, Duration max) {
			this.reconnectBackoffMin = min;
			this.reconnectBackoffMax = max;
			return this;
		}

		public Builder ioThreads(int ioThreads) {
			this.ioThreads = ioThreads;
			return this;
		}

		public Builder preferNativeTransport(boolean preferNativeTransport) {
			this.preferNativeTransport = preferNativeTransport;
			return this;
		}

		public Builder tls(@Nullable TlsConfig tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * The validated configuration.
		 * @throws IllegalArgumentException naming the first setting that is out of range
		 */
		public TransportConfig build() {
			require(this.nodeId != 0, "nodeId must not be 0 (Raft's \"no node\")");
			require(this.maxFrameSize >= 1024, "maxFrameSize must be at least 1024 bytes, was " + this.maxFrameSize);
			require(this.maxQueuedMessages > 0, "maxQueuedMessages must be positive, was " + this.maxQueuedMessages);
			require(this.maxQueuedBytes >= this.maxFrameSize,
					"maxQueuedBytes (" + this.maxQueuedBytes + ") must be at least maxFrameSize (" + this.maxFrameSize + ")");
			require(this.snapshotChunkSize > 0 && this.snapshotChunkSize <= this.maxFrameSize - FRAME_OVERHEAD,
					"snapshotChunkSize must be between 1 and maxFrameSize - " + FRAME_OVERHEAD + ", was "
							+ this.snapshotChunkSize);
			requirePositive(this.snapshotTimeout, "snapshotTimeout");
			requirePositive(this.connectTimeout, "connectTimeout");
			requirePositive(this.reconnectBackoffMin, "reconnectBackoffMin");
			require(this.reconnectBackoffMax.compareTo(this.reconnectBackoffMin) >= 0,
					"reconnectBackoffMax (" + this.reconnectBackoffMax + ") must not be shorter than reconnectBackoffMin ("
							+ this.reconnectBackoffMin + ")");
			require(this.ioThreads > 0, "ioThreads must be positive, was " + this.ioThreads);
			return new TransportConfig(this);
		}

		private static void requirePositive(Duration duration, String name) {
			require(!duration.isNegative() && !duration.isZero(), name + " must be positive, was " + duration);
		}

		private static void require(boolean condition, String message) {
			if (!condition) {
				throw new IllegalArgumentException(message);
			}
		}
	}
}
