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
 */
record Task(Consumer<NodeLoop> action, CompletableFuture<?> result, boolean dataProposal) {

	Task(Consumer<NodeLoop> action, CompletableFuture<?> result) {
		this(action, result, false);
	}
}
