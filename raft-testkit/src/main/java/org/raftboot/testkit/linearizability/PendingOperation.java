package org.raftboot.testkit.linearizability;

import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * An invoked operation waiting for its answer. Complete it exactly once, with the method that matches
 * the command; an operation never completed counts as {@link Result.Unknown unknown}.
 */
public final class PendingOperation {

	private final int clientId;

	private final Command command;

	private final long invokedAt;

	private final LongSupplier clock;

	private @Nullable Operation completed;

	PendingOperation(int clientId, Command command, long invokedAt, LongSupplier clock) {
		this.clientId = clientId;
		this.command = command;
		this.invokedAt = invokedAt;
		this.clock = clock;
	}

	/** A put or delete was acknowledged. */
	public Operation ok() {
		return complete(Result.ok());
	}

	/** A get returned {@code value} ({@code null}: the key was absent). */
	public Operation read(@Nullable String value) {
		return complete(Result.read(value));
	}

	/** A compare-and-set answered whether it swapped. */
	public Operation swapped(boolean swapped) {
		return complete(Result.swapped(swapped));
	}

	/** The client gave up (timeout, unavailable, connection reset): the operation may or may not apply. */
	public Operation unknown() {
		return complete(Result.unknown());
	}

	private synchronized Operation complete(Result result) {
		if (this.completed != null) {
			throw new IllegalStateException(this.command + " by client " + this.clientId + " already completed");
		}
		long now = (result instanceof Result.Unknown) ? Operation.NEVER : this.clock.getAsLong();
		Operation operation = new Operation(this.clientId, this.command, this.invokedAt, now, result);
		this.completed = operation;
		return operation;
	}

	synchronized Operation toOperation() {
		Operation operation = this.completed;
		return (operation != null) ? operation : Operation.unknown(this.clientId, this.command, this.invokedAt);
	}

}
