package org.raftboot.node;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.pb.Message;

/**
 * Hands Ready batches to the threads that ask for them, confined to the loop thread. A Ready is
 * taken from the RawNode only when someone waits for it, so everything that happens until then
 * goes into it (etcd recomputes its Ready until the channel send succeeds). A Ready whose waiter
 * gave up in the meantime is kept for the next one, never lost. Without async storage writes no
 * further Ready is taken until the previous one is advanced.
 *
 * <p>With a {@link #sendMessageOnlyReadys message sender}, a Ready that carries nothing but messages
 * (nothing to persist, apply or report: an idle leader's heartbeats, a follower's answers to them)
 * is sent and advanced here, on the loop thread, instead of waking the Ready thread for it and the
 * loop again for its advance. Its messages wait for nothing: every earlier Ready was handled.
 *
 * <p>With async storage writes and a {@link #handleOnLoop handler}, nobody waits for Readys: the loop
 * takes each one as soon as there is one and gives it to the handler, which routes its messages (to
 * peers, to the append and the apply threads) without blocking, as etcd's async storage writes mean.
 */
final class ReadyHandoff {

	private final boolean asyncStorageWrites;

	private final ArrayDeque<CompletableFuture<Ready>> waiters = new ArrayDeque<>();

	private @Nullable Ready undelivered;

	private boolean awaitingAdvance;

	private @Nullable Consumer<List<Message>> messageSender;

	private @Nullable Consumer<Ready> loopHandler;

	ReadyHandoff(boolean asyncStorageWrites) {
		this.asyncStorageWrites = asyncStorageWrites;
	}

	/** From now on sends the Readys of messages alone with {@code sender} (without async storage writes). */
	void sendMessageOnlyReadys(Consumer<List<Message>> sender) {
		this.messageSender = sender;
	}

	/** From now on gives every Ready to {@code handler} on the loop thread (async storage writes only). */
	void handleOnLoop(Consumer<Ready> handler) {
		if (!this.asyncStorageWrites) {
			throw new IllegalStateException("without async storage writes a Ready waits for its advance");
		}
		this.loopHandler = handler;
	}

	/** Whether Readys go to a handler on the loop, which hands the writes to other threads. */
	boolean handlesOnLoop() {
		return this.loopHandler != null;
	}

	/** Gives what is ready to the loop's handler, if there is one. */
	void dispatch(RawNode rawNode) {
		Consumer<Ready> handler = this.loopHandler;
		if (handler != null && this.undelivered == null) {
			while (rawNode.hasReady()) {
				handler.accept(rawNode.ready());
			}
		}
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
				Consumer<List<Message>> sender = this.messageSender;
				if (sender != null && messagesOnly(rd)) {
					sender.accept(rd.messages());
					rawNode.advance();
					continue;
				}
				this.awaitingAdvance = !this.asyncStorageWrites;
				this.undelivered = rd;
			}
			if (this.waiters.remove().complete(rd)) {
				this.undelivered = null;
			}
		}
	}

	private static boolean messagesOnly(Ready rd) {
		return !rd.messages().isEmpty() && rd.softState() == null && RawNode.isEmptyHardState(rd.hardState()) && rd.entries().isEmpty()
				&& RawNode.isEmptySnap(rd.snapshot()) && rd.committedEntries().isEmpty() && rd.readStates().isEmpty();
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
