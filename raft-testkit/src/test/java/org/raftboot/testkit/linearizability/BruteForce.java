package org.raftboot.testkit.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The definition of linearizability, applied literally to tiny one-key histories: try every order of
 * the operations that respects real time, with each operation of unknown outcome placed anywhere or
 * left out. An oracle for the checker's search and its failing windows.
 */
final class BruteForce {

	private BruteForce() {
	}

	static boolean isLinearizable(List<Operation> operations, @Nullable String initialValue) {
		List<Operation> remaining = new ArrayList<>();
		for (Operation operation : operations) {
			if (!(operation.kind() == Command.Kind.GET && operation.isUnknown())) {
				remaining.add(operation);
			}
		}
		return extend(remaining, initialValue);
	}

	private static boolean extend(List<Operation> remaining, @Nullable String value) {
		if (remaining.stream().allMatch(Operation::isUnknown)) {
			return true;
		}
		for (Operation next : remaining) {
			if (mustWait(next, remaining)) {
				continue;
			}
			Outcome outcome = apply(next, value);
			if (outcome.allowed) {
				List<Operation> rest = new ArrayList<>(remaining);
				rest.remove(next);
				if (extend(rest, outcome.value)) {
					return true;
				}
			}
		}
		return false;
	}

	/** Whether another pending operation completed before {@code operation} was invoked. */
	private static boolean mustWait(Operation operation, List<Operation> remaining) {
		for (Operation other : remaining) {
			if (other != operation && !other.isUnknown() && other.completedAt() < operation.invokedAt()) {
				return true;
			}
		}
		return false;
	}

	private static Outcome apply(Operation operation, @Nullable String value) {
		Command command = operation.command();
		Result result = operation.result();
		return switch (command.kind()) {
			case PUT -> new Outcome(true, command.value());
			case DELETE -> new Outcome(true, null);
			case GET -> new Outcome(Objects.equals(((Result.Read) result).value(), value), value);
			case CAS -> {
				boolean matches = Objects.equals(command.expected(), value);
				if (result instanceof Result.Swapped swapped) {
					yield new Outcome(swapped.swapped() == matches, matches ? command.value() : value);
				}
				yield new Outcome(true, matches ? command.value() : value);
			}
		};
	}

	private record Outcome(boolean allowed, @Nullable String value) {
	}

}
