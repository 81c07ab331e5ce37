package org.raftboot.testkit.linearizability;

import java.util.Objects;

/**
 * One client call as history saw it: who issued which command, when it was invoked, when it completed
 * and what came back. An operation with an {@link Result.Unknown unknown} result has no completion: it
 * may take effect at any point after its invocation, or never.
 *
 * @param clientId the client that issued it (for descriptions; the checker does not need it)
 * @param command what was asked
 * @param invokedAt when the request was issued, in the history's clock (nanoseconds by default)
 * @param completedAt when the answer arrived; {@link #NEVER} for an unknown result
 * @param result what came back
 */
public record Operation(int clientId, Command command, long invokedAt, long completedAt, Result result) {

	/** The completion time of an operation whose outcome is unknown. */
	public static final long NEVER = Long.MAX_VALUE;

	public Operation {
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(result, "result");
		if (!result.answers(command.kind())) {
			throw new IllegalArgumentException(result + " is not an answer to " + command);
		}
		if (result instanceof Result.Unknown) {
			completedAt = NEVER;
		}
		else if (completedAt < invokedAt || completedAt == NEVER) {
			throw new IllegalArgumentException(
					command + " cannot complete at " + completedAt + " after its invocation at " + invokedAt);
		}
	}

	/** An operation whose outcome is unknown. */
	public static Operation unknown(int clientId, Command command, long invokedAt) {
		return new Operation(clientId, command, invokedAt, NEVER, Result.unknown());
	}

	public String key() {
		return this.command.key();
	}

	public Command.Kind kind() {
		return this.command.kind();
	}

	public boolean isUnknown() {
		return this.result instanceof Result.Unknown;
	}

	/** The same call as if its answer had not arrived (yet): used to cut a history at a point in time. */
	Operation inFlight() {
		return unknown(this.clientId, this.command, this.invokedAt);
	}

	/** Whether this operation observed the map without changing it: a get or a failed compare-and-set. */
	boolean isReadOnly() {
		return this.command.isReadOnly()
				|| (this.result instanceof Result.Swapped swapped && !swapped.swapped());
	}

	/** Whether this is a get whose answer never came: it changed nothing and observed nothing. */
	boolean isVoid() {
		return this.command.isReadOnly() && isUnknown();
	}

	@Override
	public String toString() {
		return "client " + this.clientId + " " + this.command + " -> " + this.result + " ["
				+ this.invokedAt + ", " + (isUnknown() ? "?" : this.completedAt) + "]";
	}

}
