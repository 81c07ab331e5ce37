package org.raftboot.node;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A request for the loop thread, with the future that reports its outcome; the future fails
 * with {@link NodeStoppedException} if the node stops before the request runs.
 *
 * @param action what the loop thread does
 * @param result the future that the action completes, or that the stop fails
 */
record Task(Consumer<NodeLoop> action, CompletableFuture<?> result) {
}
