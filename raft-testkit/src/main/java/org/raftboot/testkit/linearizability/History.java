package org.raftboot.testkit.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable record of what clients did and saw, in order of invocation. Built by a
 * {@link HistoryRecorder} during a test, or directly from operations to replay or hand-write a case.
 */
public final class History {

	private static final Comparator<Operation> BY_INVOCATION = Comparator.comparingLong(Operation::invokedAt);

	private final List<Operation> operations;

	private History(List<Operation> operations) {
		this.operations = operations;
	}

	public static History of(Collection<Operation> operations) {
		List<Operation> sorted = new ArrayList<>(operations);
		sorted.sort(BY_INVOCATION);
		return new History(List.copyOf(sorted));
	}

	public static History of(Operation... operations) {
		return of(Arrays.asList(operations));
	}

	/** The operations, ordered by invocation time. */
	public List<Operation> operations() {
		return this.operations;
	}

	public int size() {
		return this.operations.size();
	}

	/** The history split by key, each part in invocation order; keys sorted so reports are stable. */
	SortedMap<String, List<Operation>> byKey() {
		SortedMap<String, List<Operation>> parts = new TreeMap<>();
		for (Operation operation : this.operations) {
			parts.computeIfAbsent(operation.key(), (key) -> new ArrayList<>()).add(operation);
		}
		parts.replaceAll((key, part) -> List.copyOf(part));
		return parts;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("History of ").append(size()).append(" operations");
		for (Map.Entry<String, List<Operation>> part : byKey().entrySet()) {
			text.append("\n  ").append(Text.value(part.getKey())).append(": ").append(part.getValue().size());
		}
		return text.toString();
	}

}
