package org.raftboot.server;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a proposal or membership change once this replica has applied it: where it landed
 * in the log and what the state machine returned (the new {@code ConfState} for a membership change).
 */
public record Applied(long index, long term, @Nullable Object result) {
}
