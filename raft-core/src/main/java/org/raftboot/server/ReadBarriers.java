package org.raftboot.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Linearizable reads by ReadIndex, batched: the reads that arrive while a ReadIndex round is under
 * way wait together for the next round, so a burst of reads costs one round (one heartbeat quorum on
 * the leader). A round's reads complete once this replica has applied the index the leader
 * returned. A round that gets no answer (no leader, lost message) is asked again after
 * {@code retryTicks} ticks with a new context, together with the reads that waited for it.
 *
 * <p>{@link #onReadState} and {@link #onApplied} run on the apply thread; the rest on any thread.
 */
final class ReadBarriers {

	private record Waiter(long index, CompletableFuture<Long> future) {
	}

	private final Consumer<byte[]> readIndex;

	private final int retryTicks;

	private long nextContext;

	/** The reads of the round in flight, or null when none is. */
	private @Nullable List<CompletableFuture<Long>> inFlight;

	private long inFlightContext;

	private int inFlightTicks;

	private List<CompletableFuture<Long>> next = new ArrayList<>();

	/** Reads with a known index, waiting for the apply to reach it (apply thread only). */
	private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compareUnsigned(a.index, b.index));

	/** The last applied index (apply thread only). */
	private long applied;

	ReadBarriers(Consumer<byte[]> readIndex, int retryTicks, long applied) {
		this.readIndex = readIndex;
		this.retryTicks = retryTicks;
		this.applied = applied;
	}

	void request(CompletableFuture<Long> read) {
		byte[] ctx;
		synchronized (this) {
			this.next.add(read);
			if (this.inFlight != null) {
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
			List<CompletableFuture<Long>> current = this.inFlight;
			if (current == null || ++this.inFlightTicks < this.retryTicks) {
				return;
			}
			current.removeIf(CompletableFuture::isDone);
			this.next.addAll(current);
			ctx = startRound();
		}
		this.readIndex.accept(ctx);
	}

	void onReadState(byte[] requestCtx, long index) {
		List<CompletableFuture<Long>> answered;
		byte[] ctx = null;
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
		}
		if (ctx != null) {
			this.readIndex.accept(ctx);
		}
		for (CompletableFuture<Long> read : answered) {
			if (Long.compareUnsigned(index, this.applied) <= 0) {
				read.complete(index);
			}
			else {
				this.waiters.add(new Waiter(index, read));
			}
		}
	}

	void onApplied(long index) {
		this.applied = index;
		Waiter w;
		while ((w = this.waiters.peek()) != null && Long.compareUnsigned(w.index, index) <= 0) {
			this.waiters.poll().future.complete(w.index);
		}
	}

	void failAll(RuntimeException error) {
		List<CompletableFuture<Long>> all = new ArrayList<>();
		synchronized (this) {
			if (this.inFlight != null) {
				all.addAll(this.inFlight);
			}
			all.addAll(this.next);
			this.next.clear();
		}
		this.waiters.forEach((w) -> all.add(w.future));
		all.forEach((f) -> f.completeExceptionally(error));
	}

	private byte[] startRound() {
		this.inFlight = this.next;
		this.next = new ArrayList<>();
		this.inFlightContext = ++this.nextContext;
		this.inFlightTicks = 0;
		return ByteBuffer.allocate(Long.BYTES).putLong(this.inFlightContext).array();
	}
}
