package org.raftboot.testkit.linearizability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The evidence for a violation: a short stretch of one key's history that no order explains, ending
 * with the completion of the {@code offending} operation. The whole history fails because this window
 * fails: the operations before it are summarized by {@code initialValues} (every value the key may hold
 * where the window starts, and the window fails from each), and left-out reads only made it harder.
 *
 * @param key the key
 * @param operations the window, in invocation order
 * @param offending the operation whose result no order explains, given the ones before it
 * @param inFlight operations of the window whose answer came after the offending one's, so they count
 * as still in flight at the window's end (they may or may not have taken effect)
 * @param initialValues what the key may hold where the window starts ({@code null}: absent)
 * @param operationsBefore how many of the key's operations precede the window, summarized by
 * {@code initialValues}
 * @param readsLeftOut how many reads inside the window were left out as irrelevant
 * @param keyOperations how many operations the key has in the whole history
 */
public record FailingWindow(String key, List<Operation> operations, Operation offending, List<Operation> inFlight,
		List<@Nullable String> initialValues, int operationsBefore, int readsLeftOut, int keyOperations) {

	private static final int MAX_LINES = 50;

	public FailingWindow {
		operations = List.copyOf(operations);
		inFlight = List.copyOf(inFlight);
		initialValues = Collections.unmodifiableList(new ArrayList<>(initialValues));
	}

	/** The window as text: one line per operation with client, command, result and times. */
	public String describe() {
		StringBuilder text = new StringBuilder();
		text.append("key ").append(Text.value(this.key)).append(": smallest failing window has ")
			.append(this.operations.size()).append(" of ").append(this.keyOperations).append(" operations");
		if (this.operationsBefore > 0) {
			text.append("; ").append(count(this.operationsBefore, "operation")).append(" before it leave")
				.append((this.operationsBefore == 1) ? "s" : "").append(" the key holding one of ").append(values());
		}
		else {
			text.append("; the key starts absent");
		}
		if (this.readsLeftOut > 0) {
			text.append("; ").append(count(this.readsLeftOut, "irrelevant read")).append(" left out");
		}
		List<Operation> shown = shownOperations();
		long origin = shown.get(0).invokedAt();
		text.append("\n  (times relative to ").append(origin).append(")");
		if (shown.size() < this.operations.size()) {
			text.append("\n  (").append(count(this.operations.size() - shown.size(), "earlier operation"))
				.append(" of the window not shown)");
		}
		int width = 0;
		for (Operation operation : shown) {
			width = Math.max(width, call(operation).length());
		}
		for (Operation operation : shown) {
			text.append(String.format("\n  %s %-" + width + "s  invoked %d, %s", (operation == this.offending) ? ">" : " ",
					call(operation), operation.invokedAt() - origin, completion(operation, origin)));
		}
		return text.toString();
	}

	/**
	 * The last {@link #MAX_LINES} operations, and the offending one: a window left large because the
	 * budget ran out while shrinking it should not flood a test report.
	 */
	private List<Operation> shownOperations() {
		int size = this.operations.size();
		if (size <= MAX_LINES) {
			return this.operations;
		}
		List<Operation> shown = new ArrayList<>(this.operations.subList(size - MAX_LINES, size));
		if (shown.stream().noneMatch((operation) -> operation == this.offending)) {
			shown.add(0, this.offending);
		}
		return shown;
	}

	private static String count(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	private String values() {
		List<String> shown = new ArrayList<>();
		for (String value : this.initialValues) {
			shown.add(Text.value(value));
		}
		return String.join(", ", shown);
	}

	private static String call(Operation operation) {
		return "client " + operation.clientId() + ": " + operation.command() + " -> " + operation.result();
	}

	private String completion(Operation operation, long origin) {
		if (operation.isUnknown()) {
			return "never completed (outcome unknown)";
		}
		String completed = "completed " + (operation.completedAt() - origin);
		if (operation == this.offending) {
			return completed + "  <- no order of the operations explains this result";
		}
		if (this.inFlight.stream().anyMatch((pending) -> pending == operation)) {
			return completed + " (after the window: counted as in flight)";
		}
		return completed;
	}

}
