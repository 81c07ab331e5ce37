package org.raftboot.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Linearizable reads by ReadIndex, batched: the reads that arrive while a ReadIndex round is under
 * way wait together for the next round, so a burst of reads costs one round (one heartbeat quorum on
 * the leader). A round's reads complete once this replica has applied the index the leader
 * returned. A round that gets no answer (no leader, lost message) is asked again after
 * {@code retryTicks} ticks with a new context, together with the reads that waited for it. While
 * the apply thread completes reads no round starts, so that the reads issued from those completions
 * go together.
 *
 * <p>Each read has a deadline, and {@link #expire} (called on the ticks) fails those past it with a
 * {@link TimeoutException}: no timer task per read.
 *
 * <p>{@link #onReadState} and {@link #onApplied} run on the apply thread; the rest on any thread.
 */
final class ReadBarriers {

	/** A read and its deadline ({@link System#nanoTime()} scale). */
	private record Read(CompletableFuture<Long> future, long deadline) {
	}

	private record Waiter(long index, Read read) {
	}

	private final Consumer<byte[]> readIndex;

	private final int retryTicks;

	private long nextContext;

	/** The reads of the round in flight, or null when none is. */
	private @Nullable List<Read> inFlight;

	private long inFlightContext;

	private int inFlightTicks;

	private List<Read> next = new ArrayList<>();

	/** Reads with a known index, waiting for the apply to reach it. */
	private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compareUnsigned(a.index, b.index));

	/**
	 * Whether the apply thread is completing reads: new rounds wait until it is done, so that the reads
	 * issued from those completions (readers in a closed loop) share one round instead of the first
	 * of them going alone and the others waiting for it.
	 */
	private boolean completing;

	/** The last applied index. */
	private long applied;

	ReadBarriers(Consumer<byte[]> readIndex, int retryTicks, long applied) {
		this.readIndex = readIndex;
		this.retryTicks = retryTicks;
		this.applied = applied;
	}

	/** Asks for a read barrier that fails with a {@link TimeoutException} once {@code deadline} passed. */
	void request(CompletableFuture<Long> read, long deadline) {
		byte[] ctx;
		synchronized (this) {
			this.next.add(new Read(read, deadline));
			if (this.inFlight != null || this.completing) {
				return;
			}
			ctx = startRound();
		}
		this.readIndex.accept(ctx);
	}

	/** Retries a round that had no answer for too long. */
	void onTick() {
		byte[] ctx;
		synchronized (this) {
			List<Read> current = this.inFlight;
			if (current == null || ++this.inFlightTicks < this.retryTicks) {
				return;
			}
			current.removeIf((r) -> r.future.isDone());
			this.next.addAll(current);
			ctx = startRound();
		}
		this.readIndex.accept(ctx);
	}

	/** Fails the reads whose deadline is not after {@code now}. */
	void expire(long now) {
		List<Read> expired = new ArrayList<>();
		synchronized (this) {
			if (this.inFlight != null) {
				moveExpired(this.inFlight, now, expired);
			}
			moveExpired(this.next, now, expired);
			if (!this.waiters.isEmpty()) {
				this.waiters.removeIf((w) -> w.read.deadline - now <= 0 && expired.add(w.read));
			}
		}
		for (Read r : expired) {
			r.future.completeExceptionally(new TimeoutException());
		}
	}

	/** Whether reads wait: for a round, an answer or the apply. */
	synchronized boolean isBusy() {
		return this.inFlight != null || !this.next.isEmpty() || !this.waiters.isEmpty();
	}

	/** Whether {@link #expire} would find a read past its deadline. */
	synchronized boolean hasExpired(long now) {
		if ((this.inFlight != null && anyExpired(this.inFlight, now)) || anyExpired(this.next, now)) {
			return true;
		}
		// Asked at every tick, idle or not: a plain loop, which costs nothing on an empty queue.
		for (Waiter w : this.waiters) {
			if (w.read.deadline - now <= 0) {
				return true;
			}
		}
		return false;
	}

	private static boolean anyExpired(List<Read> reads, long now) {
		for (int i = 0, n = reads.size(); i < n; i++) {
			if (reads.get(i).deadline - now <= 0) {
				return true;
			}
		}
		return false;
	}

	private static void moveExpired(List<Read> reads, long now, List<Read> expired) {
		if (!reads.isEmpty()) {
			reads.removeIf((r) -> r.deadline - now <= 0 && expired.add(r));
		}
	}

	void onReadState(byte[] requestCtx, long index) {
		List<Read> answered;
		byte[] ctx = null;
		List<Read> ready = new ArrayList<>();
		synchronized (this) {
			if (this.inFlight == null || requestCtx.length != Long.BYTES
					|| ByteBuffer.wrap(requestCtx).getLong() != this.inFlightContext) {
				return;
			}
			answered = this.inFlight;
			this.inFlight = null;
			if (!this.next.isEmpty()) {
				ctx = startRound();
			}
			for (Read read : answered) {
				if (Long.compareUnsigned(index, this.applied) <= 0) {
					ready.add(read);
				}
				else {
					this.waiters.add(new Waiter(index, read));
				}
			}
			this.completing = !ready.isEmpty();
		}
		if (ctx != null) {
			this.readIndex.accept(ctx);
		}
		if (!ready.isEmpty()) {
			try {
				for (Read read : ready) {
					read.future.complete(index);
				}
			}
			finally {
				completed();
			}
		}
	}

	void onApplied(long index) {
		List<Waiter> ready = null;
		synchronized (this) {
			this.applied = index;
			Waiter w;
			while ((w = this.waiters.peek()) != null && Long.compareUnsigned(w.index, index) <= 0) {
				if (ready == null) {
					ready = new ArrayList<>();
				}
				ready.add(this.waiters.poll());
			}
			this.completing = ready != null;
		}
		if (ready != null) {
			try {
				for (Waiter w : ready) {
					w.read.future.complete(w.index);
				}
			}
			finally {
				completed();
			}
		}
	}

	/** Ends a batch of completions: the reads they issued go in one round. */
	private void completed() {
		byte[] ctx = null;
		synchronized (this) {
			this.completing = false;
			if (this.inFlight == null && !this.next.isEmpty()) {
				ctx = startRound();
			}
		}
		if (ctx != null) {
			this.readIndex.accept(ctx);
		}
	}

	void failAll(RuntimeException error) {
		List<Read> all = new ArrayList<>();
		synchronized (this) {
			if (this.inFlight != null) {
				all.addAll(this.inFlight);
			}
			all.addAll(this.next);
			this.next.clear();
			this.waiters.forEach((w) -> all.add(w.read));
			this.waiters.clear();
		}
		all.forEach((r) -> r.future.completeExceptionally(error));
	}

	private byte[] startRound() {
		this.inFlight = this.next;
		this.next = new ArrayList<>();
		this.inFlightContext = ++this.nextContext;
		this.inFlightTicks = 0;
		return ByteBuffer.allocate(Long.BYTES).putLong(this.inFlightContext).array();
	}
}
