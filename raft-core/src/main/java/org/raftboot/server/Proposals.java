package org.raftboot.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

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
 */
final class Proposals {

	private final ConcurrentSkipListMap<Long, CompletableFuture<Applied>> pending = new ConcurrentSkipListMap<>();

	void add(long seq, CompletableFuture<Applied> future) {
		this.pending.put(seq, future);
		future.whenComplete((applied, error) -> this.pending.remove(seq, future));
	}

	/** Completes proposal {@code seq}, applied, and fails the earlier ones still pending. */
	void applied(long seq, Applied applied) {
		CompletableFuture<Applied> future = this.pending.remove(seq);
		ConcurrentNavigableMap<Long, CompletableFuture<Applied>> lost = this.pending.headMap(seq);
		Map.Entry<Long, CompletableFuture<Applied>> e;
		while ((e = lost.pollFirstEntry()) != null) {
			e.getValue().completeExceptionally(new ProposalDroppedException());
		}
		if (future != null) {
			future.complete(applied);
		}
	}

	/**
	 * Fails the proposals up to {@code seq} with an unknown outcome: a snapshot replaced their part of
	 * the log, so whether each one was applied or skipped cannot be told any more.
	 */
	void coveredBySnapshot(long seq) {
		ConcurrentNavigableMap<Long, CompletableFuture<Applied>> covered = this.pending.headMap(seq, true);
		Map.Entry<Long, CompletableFuture<Applied>> e;
		while ((e = covered.pollFirstEntry()) != null) {
			e.getValue().completeExceptionally(new ProposalOutcomeUnknownException());
		}
	}

	void failAll(RuntimeException error) {
		Map.Entry<Long, CompletableFuture<Applied>> e;
		while ((e = this.pending.pollFirstEntry()) != null) {
			e.getValue().completeExceptionally(error);
		}
	}
}
