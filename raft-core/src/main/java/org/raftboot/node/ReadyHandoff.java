package org.raftboot.node;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;

/**
 * Hands Ready batches to the threads that ask for them, confined to the loop thread. A Ready is
 * taken from the RawNode only when someone waits for it, so everything that happens until then
 * goes into it (etcd recomputes its Ready until the channel send succeeds). A Ready whose waiter
 * gave up in the meantime is kept for the next one, never lost. Without async storage writes no
 * further Ready is taken until the previous one is advanced.
 */
final class ReadyHandoff {

	private final boolean asyncStorageWrites;

	private final ArrayDeque<CompletableFuture<Ready>> waiters = new ArrayDeque<>();

	private @Nullable Ready undelivered;

	private boolean awaitingAdvance;

	ReadyHandoff(boolean asyncStorageWrites) {
		this.asyncStorageWrites = asyncStorageWrites;
	}

	void request(CompletableFuture<Ready> waiter) {
		this.waiters.removeIf(CompletableFuture::isDone);
		this.waiters.add(waiter);
	}

	/** Gives what is ready to the waiters, in the order they asked. */
	void serve(RawNode rawNode) {
		while (!this.waiters.isEmpty()) {
			Ready rd = this.undelivered;
			if (rd == null) {
				if (this.awaitingAdvance || !rawNode.hasReady()) {
					return;
				}
				rd = rawNode.ready();
				this.awaitingAdvance = !this.asyncStorageWrites;
				this.undelivered = rd;
			}
			if (this.waiters.remove().complete(rd)) {
				this.undelivered = null;
			}
		}
	}

	/** Acknowledges the delivered Ready; ignored when none is outstanding. */
	void advance(RawNode rawNode) {
		if (this.awaitingAdvance && this.undelivered == null) {
			this.awaitingAdvance = false;
			rawNode.advance();
		}
	}

	void fail(NodeStoppedException stopped) {
		this.waiters.forEach((waiter) -> waiter.completeExceptionally(stopped));
		this.waiters.clear();
	}

}
