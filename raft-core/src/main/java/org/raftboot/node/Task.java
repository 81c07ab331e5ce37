package org.raftboot.node;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A request for the loop thread, with the future that reports its outcome; the future fails
 * with {@link NodeStoppedException} if the node stops before the request runs.
 *
 * @param action what the loop thread does
 * @param result the future that the action completes, or that the stop fails
 * @param dataProposal whether the action is a data proposal, which the loop may step together with
 * the data proposals queued right after it
 * @param waitsForWrite whether the task may wait, without waking the loop, for the acknowledgement
 * of a write in progress (which wakes it anyway): a data proposal, or the apply thread's
 * acknowledgement, which nothing waits for in the meantime
 */
record Task(Consumer<NodeLoop> action, CompletableFuture<?> result, boolean dataProposal, boolean waitsForWrite) {

	Task(Consumer<NodeLoop> action, CompletableFuture<?> result) {
		this(action, result, false, false);
	}

	/** A data proposal: stepped with those queued after it, and it may wait for a write in progress. */
	static Task dataProposal(Consumer<NodeLoop> action, CompletableFuture<?> result) {
		return new Task(action, result, true, true);
	}

	/** A task that may wait for the acknowledgement of a write in progress to wake the loop. */
	static Task waitingForWrite(Consumer<NodeLoop> action, CompletableFuture<?> result) {
		return new Task(action, result, false, true);
	}
}
