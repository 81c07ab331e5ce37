package org.raftboot.transport;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;

/**
 * Everything outbound to one peer: a bounded queue filled by any thread without blocking, drained on
 * the peer's event loop into one lazily opened connection (batched frames, one flush per drain),
 * reconnection with backoff, and at most one snapshot stream at a time. All state except the queue and
 * its counters is confined to the event loop.
 */
final class PeerChannel {

	private static final System.Logger logger = System.getLogger(PeerChannel.class.getName());

	/** Frames are coalesced into buffers of this size (a larger message gets a buffer of its own). */
	private static final int BATCH_BYTES = 64 * 1024;

	/** How long closing waits for queued messages to reach a peer that does not read. */
	private static final long DRAIN_GRACE_MILLIS = 1000;

	private final long peerId;

	private final PeerContext context;

	private final PeerMetrics metrics;

	private final EventLoop loop;

	private final Queue<Outbound> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	private final AtomicBoolean snapshotInFlight = new AtomicBoolean();

	private final Runnable drain = this::drain;

	private volatile InetSocketAddress address;

	private volatile boolean closed;

	private @Nullable Channel channel;

	/** The connection of the snapshot stream in flight, once open (confined to the loop). */
	private @Nullable Channel snapshotChannel;

	private ConnectionState state = ConnectionState.DISCONNECTED;

	private int generation;

	/** Connection attempts that failed in a row, a connection dropped right after it opened counting as one. */
	private int failures;

	/** When the live connection opened ({@link System#nanoTime()}). */
	private long connectedAt;

	private long retryAt;

	private final Set<Long> groupsSent = new HashSet<>();

	PeerChannel(long peerId, InetSocketAddress address, PeerContext context, PeerMetrics metrics, EventLoop loop) {
		this.peerId = peerId;
		this.address = address;
		this.context = context;
		this.metrics = metrics;
		this.loop = loop;
	}

	long peerId() {
		return this.peerId;
	}

	PeerMetrics metrics() {
		return this.metrics;
	}

	InetSocketAddress address() {
		return this.address;
	}

	EventLoop loop() {
		return this.loop;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** Queues a message without blocking; drops it and reports the peer unreachable when over a limit. */
	void offer(long groupId, Message message) {
		int size = message.getSerializedSize();
		int frameBytes = Frames.messageFrameSize(size);
		TransportConfig config = this.context.config();
		if (Frames.HEADER + size > config.maxFrameSize()) {
			logger.log(Level.WARNING, "Dropping a {0} of {1} bytes for peer {2}: larger than the maximum frame size",
					message.getType(), size, Long.toHexString(this.peerId));
			drop(groupId, frameBytes);
			return;
		}
		int messages = this.metrics.queuedMessages.incrementAndGet();
		long bytes = this.metrics.queuedBytes.addAndGet(frameBytes);
		if (messages > config.maxQueuedMessages() || bytes > config.maxQueuedBytes()) {
			this.metrics.queuedMessages.decrementAndGet();
			this.metrics.queuedBytes.addAndGet(-frameBytes);
			drop(groupId, frameBytes);
			return;
		}
		this.queue.add(new Outbound(groupId, message, size));
		if (this.drainScheduled.compareAndSet(false, true)) {
			try {
				this.loop.execute(this.drain);
			}
			catch (RejectedExecutionException ex) {
				discardQueue(); // the transport is closing
			}
		}
	}

	/**
	 * Starts streaming a snapshot, unless one is already on its way to this peer: that one is refused
	 * (reported failed), and the stream in flight keeps its place and its progress.
	 */
	void sendSnapshot(long groupId, Message message, SnapshotPayload payload) {
		if (this.closed || !this.snapshotInFlight.compareAndSet(false, true)) {
			this.metrics.snapshotRefused();
			reportSnapshot(groupId, false);
			return;
		}
		new OutboundSnapshot(this, groupId, message, payload).start(this.context);
	}

	/**
	 * The stream {@link #sendSnapshot} started has its connection (on the loop): false, and the
	 * connection is to be closed, when this peer was closed meanwhile.
	 */
	boolean snapshotConnected(Channel connection) {
		if (this.closed) {
			return false;
		}
		this.snapshotChannel = connection;
		return true;
	}

	/** The stream {@link #sendSnapshot} started has ended (on the loop). */
	void snapshotFinished(long groupId, boolean success) {
		this.snapshotChannel = null;
		this.snapshotInFlight.set(false);
		this.metrics.snapshotFinished(success);
		reportSnapshot(groupId, success);
	}

	private void reportSnapshot(long groupId, boolean success) {
		if (!this.closed) {
			this.context.listener().onSnapshotStatus(groupId, this.peerId, success);
		}
	}

	/**
	 * Points the peer at a new address: the connection is re-created on the next message. What the
	 * old one had not written yet is lost, so its groups hear the peer was unreachable.
	 */
	void updateAddress(InetSocketAddress newAddress) {
		this.address = newAddress;
		this.loop.execute(() -> {
			this.failures = 0;
			boolean wasConnected = this.channel != null;
			disconnect();
			if (wasConnected) {
				reportUnreachable();
			}
			if (!this.queue.isEmpty()) {
				connect();
			}
		});
	}

	/**
	 * Writes what is queued to a live connection and closes it once that is flushed (or after a short
	 * grace period if the peer does not read); later messages are discarded. A snapshot stream in
	 * flight is abandoned.
	 */
	Future<Void> close() {
		this.closed = true;
		Promise<Void> done = this.loop.newPromise();
		this.loop.execute(() -> {
			Channel streaming = this.snapshotChannel;
			if (streaming != null) {
				streaming.close();
			}
			Channel open = this.channel;
			boolean live = open != null && this.state == ConnectionState.CONNECTED;
			if (live) {
				writeQueued(true);
			}
			this.generation++;
			this.channel = null;
			setState(ConnectionState.DISCONNECTED);
			discardQueue();
			if (open == null) {
				done.trySuccess(null);
				return;
			}
			ScheduledFuture<?> giveUp = this.loop.schedule(() -> open.close(), DRAIN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
			open.closeFuture().addListener((closed) -> {
				giveUp.cancel(false);
				done.trySuccess(null);
			});
			ChannelFuture flushed = live ? open.writeAndFlush(Unpooled.EMPTY_BUFFER) : open.newSucceededFuture();
			flushed.addListener((written) -> open.close());
		});
		return done;
	}

	/**
	 * The peer has opened a connection to this node: it is up, so a backoff from its outage ends now
	 * and the next message dials it at once, rather than after up to {@code reconnectBackoffMax} (a
	 * restarted member would otherwise hear nothing from this one, its leader say, until then).
	 */
	void connectedIn() {
		try {
			this.loop.execute(() -> {
				if (this.state == ConnectionState.BACKING_OFF && !this.closed) {
					this.failures = 0;
					setState(ConnectionState.DISCONNECTED);
					if (!this.queue.isEmpty()) {
						connect();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// The transport is closing.
		}
	}

	void onWritable(Channel ch) {
		if (ch == this.channel && this.state == ConnectionState.CONNECTED) {
			writeQueued(false);
		}
	}

	void onInactive(Channel ch) {
		if (ch != this.channel || this.closed) {
			return;
		}
		this.channel = null;
		// A peer that accepts and drops the connection at once (it refuses this node, say) backs off
		// as one that cannot be reached; a connection that lived starts the count again.
		boolean droppedAtOnce = System.nanoTime() - this.connectedAt < this.context.config().reconnectBackoffMin().toNanos();
		this.failures = droppedAtOnce ? this.failures + 1 : 1;
		logger.log(Level.INFO, "Lost the connection to peer {0} at {1}", Long.toHexString(this.peerId), this.address);
		reportUnreachable();
		backOff();
	}

	private void reportUnreachable() {
		for (long groupId : this.groupsSent) {
			this.context.listener().onUnreachable(groupId, this.peerId);
		}
	}

	private void drain() {
		this.drainScheduled.set(false);
		if (this.closed) {
			if (this.channel == null) {
				discardQueue(); // close() has already flushed the live connection and let it go
			}
			return;
		}
		switch (this.state) {
			case CONNECTED -> writeQueued(false);
			case DISCONNECTED -> {
				if (!this.queue.isEmpty()) {
					connect();
				}
			}
			case BACKING_OFF -> {
				if (System.nanoTime() - this.retryAt >= 0) {
					connect();
				}
				else {
					dropQueued();
				}
			}
			case CONNECTING -> {
			}
		}
	}

	private void connect() {
		setState(ConnectionState.CONNECTING);
		int attempt = ++this.generation;
		InetSocketAddress target = this.address;
		Future<Channel> ready = this.context.connector()
			.connect(this.loop, target, Preface.MESSAGES, this.peerId,
					() -> new ChannelHandler[] { new OutboundMessageHandler(this) });
		ready.addListener((Future<Channel> f) -> {
			if (attempt != this.generation || this.closed) {
				if (f.isSuccess()) {
					f.getNow().close();
				}
				return;
			}
			if (f.isSuccess()) {
				connected(f.getNow());
			}
			else {
				this.failures++;
				if (this.failures == 1) {
					logger.log(Level.INFO, "Cannot connect to peer {0} at {1}: {2}", Long.toHexString(this.peerId), target,
							f.cause().toString());
				}
				backOff();
			}
		});
	}

	private void connected(Channel ch) {
		if (!ch.isActive()) {
			this.failures++;
			backOff();
			return;
		}
		this.channel = ch;
		this.connectedAt = System.nanoTime();
		setState(ConnectionState.CONNECTED);
		writeQueued(false);
	}

	private void backOff() {
		this.channel = null;
		this.retryAt = System.nanoTime() + this.context.backoff().delayNanos(this.failures);
		setState(ConnectionState.BACKING_OFF);
		dropQueued();
	}

	private void disconnect() {
		this.generation++;
		Channel open = this.channel;
		this.channel = null;
		setState(ConnectionState.DISCONNECTED);
		if (open != null) {
			open.close();
		}
	}

	private void writeQueued(boolean ignoreWritability) {
		Channel ch = this.channel;
		if (ch == null) {
			return;
		}
		ByteBuf batch = null;
		int messages = 0;
		long bytes = 0;
		Outbound next;
		while ((ignoreWritability || ch.isWritable()) && (next = this.queue.poll()) != null) {
			int frameBytes = dequeued(next);
			if (batch != null && batch.writableBytes() < frameBytes) {
				ch.write(batch, ch.voidPromise());
				batch = null;
			}
			if (batch == null) {
				batch = ch.alloc().ioBuffer(Math.max(BATCH_BYTES, frameBytes));
			}
			Frames.writeMessage(batch, next.groupId(), next.message(), next.size());
			this.groupsSent.add(next.groupId());
			messages++;
			bytes += frameBytes;
		}
		if (batch != null) {
			ch.writeAndFlush(batch, ch.voidPromise());
			this.metrics.sent(messages, bytes);
		}
	}

	private void dropQueued() {
		Set<Long> groups = null;
		Outbound next;
		while ((next = this.queue.poll()) != null) {
			this.metrics.dropped(dequeued(next));
			if (groups == null) {
				groups = new HashSet<>();
			}
			groups.add(next.groupId());
		}
		if (groups != null) {
			for (long groupId : groups) {
				this.context.listener().onUnreachable(groupId, this.peerId);
			}
		}
	}

	private void discardQueue() {
		Outbound next;
		while ((next = this.queue.poll()) != null) {
			dequeued(next);
		}
	}

	private int dequeued(Outbound outbound) {
		int frameBytes = Frames.messageFrameSize(outbound.size());
		this.metrics.queuedMessages.decrementAndGet();
		this.metrics.queuedBytes.addAndGet(-frameBytes);
		return frameBytes;
	}

	private void drop(long groupId, int frameBytes) {
		this.metrics.dropped(frameBytes);
		this.context.listener().onUnreachable(groupId, this.peerId);
	}

	private void setState(ConnectionState next) {
		this.state = next;
		this.metrics.connectionState(next);
	}

	/** A queued message with its serialized size, computed once on the caller's thread. */
	private record Outbound(long groupId, Message message, int size) {
	}
}
