package org.raftboot.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.ProposalDroppedException;

/**
 * The futures of this replica's proposals in flight, by sequence number (see {@link Envelope}).
 *
 * <p>Proposals of one replica enter the log in the order of their sequence numbers (the node steps
 * them in that order, and the transport keeps the order to the leader). So once proposal {@code s}
 * is applied, an earlier one that was not applied yet never will be: it was dropped on the way or
 * overwritten by a new leader (an entry of an older term cannot commit after a newer one). Those
 * futures fail with {@link ProposalDroppedException} at that point instead of waiting for a timeout.
 * Proposals whose place in the log a received snapshot covers were not seen one by one: they fail
 * with {@link ProposalOutcomeUnknownException}, never as dropped.
 *
 * <p>Each proposal has a deadline, and {@link #expire} (called on the ticks) fails those past it
 * with a {@link TimeoutException}: no timer task per proposal. Deadlines never decrease with the
 * sequence number, so the expired proposals are always the first ones. A proposal ended otherwise
 * (refused by raft, or by its caller) is forgotten at its deadline at the latest.
 */
final class Proposals {

	private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();

	/**
	 * Tracks proposal {@code seq} until {@code deadline} ({@link System#nanoTime()} scale, not
	 * before the deadline of an earlier sequence number).
	 */
	Pending add(long seq, CompletableFuture<Applied> future, long deadline) {
		Pending p = new Pending(future, deadline);
		this.pending.put(seq, p);
		return p;
	}

	/** Completes proposal {@code seq}, applied, and fails the earlier ones still pending. */
	void applied(long seq, Applied applied) {
		Pending p = this.pending.remove(seq);
		ConcurrentNavigableMap<Long, Pending> lost = this.pending.headMap(seq);
		Map.Entry<Long, Pending> e;
		while ((e = lost.pollFirstEntry()) != null) {
			e.getValue().future.completeExceptionally(new ProposalDroppedException());
		}
		if (p != null) {
			p.future.complete(applied);
		}
	}

	/**
	 * Fails the proposals up to {@code seq} with an unknown outcome: a snapshot replaced their part of
	 * the log, so whether each one was applied or skipped cannot be told any more.
	 */
	void coveredBySnapshot(long seq) {
		ConcurrentNavigableMap<Long, Pending> covered = this.pending.headMap(seq, true);
		Map.Entry<Long, Pending> e;
		while ((e = covered.pollFirstEntry()) != null) {
			e.getValue().future.completeExceptionally(new ProposalOutcomeUnknownException());
		}
	}

	/**
	 * Fails the proposals whose deadline is not after {@code now} with a {@link TimeoutException}
	 * (the entry may still commit) and withdraws those still waiting for a leader.
	 */
	void expire(long now) {
		Map.Entry<Long, Pending> e;
		while ((e = this.pending.firstEntry()) != null && e.getValue().deadline - now <= 0) {
			Pending p = e.getValue();
			if (this.pending.remove(e.getKey(), p)) {
				p.future.completeExceptionally(new TimeoutException());
				Future<?> accepted = p.accepted;
				if (accepted != null) {
					accepted.cancel(false);
				}
			}
		}
	}

	/** Whether some proposal is still tracked (its deadline not passed yet, or not ended). */
	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	/** Whether {@link #expire} would find a proposal past its deadline. */
	boolean hasExpired(long now) {
		Map.Entry<Long, Pending> first = this.pending.firstEntry();
		return first != null && first.getValue().deadline - now <= 0;
	}

	void failAll(RuntimeException error) {
		Map.Entry<Long, Pending> e;
		while ((e = this.pending.pollFirstEntry()) != null) {
			e.getValue().future.completeExceptionally(error);
		}
	}

	/** A proposal in flight: its future, its deadline, and the node's acceptance to cancel when it expires. */
	static final class Pending {

		private final CompletableFuture<Applied> future;

		private final long deadline;

		private volatile @Nullable Future<?> accepted;

		private Pending(CompletableFuture<Applied> future, long deadline) {
			this.future = future;
			this.deadline = deadline;
		}

		/** The node's future of the proposal's acceptance: cancelled on expiry, which withdraws a waiting proposal. */
		void acceptedBy(Future<?> acceptance) {
			this.accepted = acceptance;
		}
	}
}
