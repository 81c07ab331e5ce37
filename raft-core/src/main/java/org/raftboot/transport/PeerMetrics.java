package org.raftboot.transport;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Live counters of the traffic with one peer, read by metrics binders (Micrometer function counters
 * and gauges) without locking. "Sent" counts what was written to the connection.
 */
public final class PeerMetrics {

	private final long peerId;

	private final LongAdder messagesSent = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder flushes = new LongAdder();

	private final LongAdder messagesReceived = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder messagesDropped = new LongAdder();

	private final LongAdder bytesDropped = new LongAdder();

	private final LongAdder connectionsEstablished = new LongAdder();

	private final LongAdder snapshotsSent = new LongAdder();

	private final LongAdder snapshotsFailed = new LongAdder();

	private final LongAdder snapshotBytesReceived = new LongAdder();

	final AtomicInteger queuedMessages = new AtomicInteger();

	final AtomicLong queuedBytes = new AtomicLong();

	private volatile ConnectionState connectionState = ConnectionState.DISCONNECTED;

	private volatile @Nullable SnapshotProgress snapshotProgress;

	PeerMetrics(long peerId) {
		this.peerId = peerId;
	}

	public long peerId() {
		return this.peerId;
	}

	public long messagesSent() {
		return this.messagesSent.sum();
	}

	public long bytesSent() {
		return this.bytesSent.sum();
	}

	/**
	 * Flushes of the message connection, each writing the batch of messages queued meanwhile:
	 * {@code messagesSent / flushes} is the average batch.
	 */
	public long flushes() {
		return this.flushes.sum();
	}

	public long messagesReceived() {
		return this.messagesReceived.sum();
	}

	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	/** Messages dropped on the way to this peer (queue full, peer unreachable, too large). */
	public long messagesDropped() {
		return this.messagesDropped.sum();
	}

	public long bytesDropped() {
		return this.bytesDropped.sum();
	}

	/** Messages waiting in the outbound queue. */
	public int queuedMessages() {
		return this.queuedMessages.get();
	}

	/** Bytes waiting in the outbound queue. */
	public long queuedBytes() {
		return this.queuedBytes.get();
	}

	public ConnectionState connectionState() {
		return this.connectionState;
	}

	/** Outbound message connections opened so far; more than one means reconnections. */
	public long connectionsEstablished() {
		return this.connectionsEstablished.sum();
	}

	public long snapshotsSent() {
		return this.snapshotsSent.sum();
	}

	public long snapshotsFailed() {
		return this.snapshotsFailed.sum();
	}

	/** Snapshot bytes received from this peer, complete or not. */
	public long snapshotBytesReceived() {
		return this.snapshotBytesReceived.sum();
	}

	/** The snapshot being streamed to this peer, if any. */
	public Optional<SnapshotProgress> snapshotProgress() {
		return Optional.ofNullable(this.snapshotProgress);
	}

	/** One batch of {@code messages} written and flushed. */
	void sent(int messages, long bytes) {
		this.messagesSent.add(messages);
		this.bytesSent.add(bytes);
		this.flushes.increment();
	}

	void received(long bytes) {
		this.messagesReceived.increment();
		this.bytesReceived.add(bytes);
	}

	void dropped(long bytes) {
		this.messagesDropped.increment();
		this.bytesDropped.add(bytes);
	}

	void connectionState(ConnectionState state) {
		this.connectionState = state;
		if (state == ConnectionState.CONNECTED) {
			this.connectionsEstablished.increment();
		}
	}

	void snapshotProgress(@Nullable SnapshotProgress progress) {
		this.snapshotProgress = progress;
	}

	void snapshotFinished(boolean success) {
		this.snapshotProgress = null;
		(success ? this.snapshotsSent : this.snapshotsFailed).increment();
	}

	/** A snapshot refused because another one is on its way: it failed, the other's progress stays. */
	void snapshotRefused() {
		this.snapshotsFailed.increment();
	}

	void snapshotBytesReceived(long bytes) {
		this.snapshotBytesReceived.add(bytes);
	}
}
