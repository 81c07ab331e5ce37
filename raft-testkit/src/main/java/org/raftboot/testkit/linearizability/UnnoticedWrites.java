package org.raftboot.testkit.linearizability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Removes operations of unknown outcome whose effect no other operation could have noticed, before a
 * search. Each one multiplies the orders a search must rule out to prove a violation, and dropping it
 * changes no verdict.
 *
 * <p>An unknown write of {@code v} goes unnoticed when no get returned {@code v}, no compare-and-set
 * expected {@code v}, and no compare-and-set reported failure at or after the write's invocation. Suppose some
 * order explains the history. Until the next put or delete, the operations after the write can only be
 * unknown compare-and-sets that did not swap, so they can move to the end, and the write can be dropped.
 * In the other direction, a history without the write is still explained with the write placed last.
 * Removing one such write leaves the others unnoticed, so they can all go together.
 */
final class UnnoticedWrites {

	private UnnoticedWrites() {
	}

	static List<Operation> removeFrom(List<Operation> operations) {
		Set<@Nullable String> noticed = new HashSet<>();
		long lastFailedSwap = Long.MIN_VALUE;
		for (Operation operation : operations) {
			Command command = operation.command();
			if (command.kind() == Command.Kind.CAS) {
				noticed.add(command.expected());
			}
			if (operation.result() instanceof Result.Read read) {
				noticed.add(read.value());
			}
			if (operation.result() instanceof Result.Swapped swapped && !swapped.swapped()) {
				lastFailedSwap = Math.max(lastFailedSwap, operation.completedAt());
			}
		}
		List<Operation> kept = new ArrayList<>();
		for (Operation operation : operations) {
			if (!isUnnoticed(operation, noticed, lastFailedSwap)) {
				kept.add(operation);
			}
		}
		return kept;
	}

	private static boolean isUnnoticed(Operation operation, Set<@Nullable String> noticed, long lastFailedSwap) {
		Command command = operation.command();
		return operation.isUnknown() && command.kind() != Command.Kind.GET
				&& !noticed.contains(command.value())
				&& lastFailedSwap < operation.invokedAt();
	}

}
