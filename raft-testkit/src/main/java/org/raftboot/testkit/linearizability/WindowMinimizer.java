package org.raftboot.testkit.linearizability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Shrinks one key's non-linearizable history to a small window that is already non-linearizable, and
 * whose failure implies the whole history's. Three steps, each keeping that implication:
 * <ol>
 * <li>the shortest failing prefix: cut the history just after the completion of one operation (the
 * offending one); operations completing later are treated as still in flight, later ones are dropped;
 * <li>the latest left cut at a quiet point (every completed operation before it finished before any
 * operation after it began): the operations before it are summarized by the values the key may hold
 * there, and the window must fail from each of them;
 * <li>reads (gets and failed compare-and-sets) that the failure does not need are left out.
 * </ol>
 * Probes that cannot decide before the deadline count as "not failing", so the result stays sound.
 */
final class WindowMinimizer {

	/** Above this window size, removing reads one by one costs more than it clarifies. */
	private static final int MAX_SIZE_FOR_READ_REMOVAL = 200;

	private final String key;

	private final List<Operation> operations;

	private final int keyOperations;

	private final Deadline deadline;

	/**
	 * @param operations the key's operations in invocation order, known not to linearize from absent
	 */
	WindowMinimizer(String key, List<Operation> operations, Deadline deadline) {
		this.key = key;
		this.operations = new ArrayList<>();
		for (Operation operation : operations) {
			if (!operation.isVoid()) {
				this.operations.add(operation);
			}
		}
		this.keyOperations = operations.size();
		this.deadline = deadline;
	}

	FailingWindow smallest() {
		Prefix prefix = shortestFailingPrefix();
		List<Slot> slots = prefix.slots;
		int cut = latestFailingCut(slots);
		List<Slot> window = keptAfter(slots, cut);
		int summarized = slots.size() - window.size();
		List<@Nullable String> initialValues = possibleValuesBefore(slots, cut);
		int readsLeftOut = 0;
		if (window.size() <= MAX_SIZE_FOR_READ_REMOVAL) {
			int before = window.size();
			window = withoutNeedlessReads(window, prefix.offending, initialValues);
			readsLeftOut = before - window.size();
		}
		List<Operation> shown = new ArrayList<>();
		List<Operation> inFlight = new ArrayList<>();
		for (Slot slot : window) {
			shown.add(slot.operation);
			if (slot.inFlight) {
				inFlight.add(slot.operation);
			}
		}
		return new FailingWindow(this.key, shown, prefix.offending, inFlight, initialValues, summarized,
				readsLeftOut, this.keyOperations);
	}

	private Prefix shortestFailingPrefix() {
		List<Operation> completed = new ArrayList<>();
		for (Operation operation : this.operations) {
			if (!operation.isUnknown()) {
				completed.add(operation);
			}
		}
		completed.sort(Comparator.comparingLong(Operation::completedAt));
		int low = 0;
		int high = completed.size() - 1;
		while (low < high && !this.deadline.isExpired()) {
			int middle = (low + high) >>> 1;
			if (fails(prefixEndingWith(completed, middle).slots, Collections.singletonList(null))) {
				high = middle;
			}
			else {
				low = middle + 1;
			}
		}
		return prefixEndingWith(completed, high);
	}

	/** The operations invoked up to the completion of {@code completed[end]}; later completions in flight. */
	private Prefix prefixEndingWith(List<Operation> completed, int end) {
		Operation offending = completed.get(end);
		Set<Operation> done = Collections.newSetFromMap(new IdentityHashMap<>());
		done.addAll(completed.subList(0, end + 1));
		List<Slot> slots = new ArrayList<>();
		for (Operation operation : this.operations) {
			if (operation.invokedAt() <= offending.completedAt()) {
				slots.add(new Slot(operation, !operation.isUnknown() && !done.contains(operation)));
			}
		}
		return new Prefix(slots, offending);
	}

	/**
	 * The latest quiet index whose window still fails from every value the key may hold there (0 if
	 * none): failing at a cut implies failing at every earlier one, so a binary search finds it.
	 */
	private int latestFailingCut(List<Slot> slots) {
		List<Integer> cuts = quietPoints(slots);
		int low = 0;
		int high = cuts.size() - 1;
		while (low < high && !this.deadline.isExpired()) {
			int middle = (low + high + 1) >>> 1;
			int cut = cuts.get(middle);
			if (fails(keptAfter(slots, cut), possibleValuesBefore(slots, cut))) {
				low = middle;
			}
			else {
				high = middle - 1;
			}
		}
		return cuts.get(low);
	}

	/** Indexes before which every completed operation finished before the operation at the index began. */
	private static List<Integer> quietPoints(List<Slot> slots) {
		List<Integer> points = new ArrayList<>(List.of(0));
		long lastCompletion = Long.MIN_VALUE;
		for (int i = 0; i < slots.size(); i++) {
			Slot slot = slots.get(i);
			if (i > 0 && lastCompletion < slot.operation.invokedAt()) {
				points.add(i);
			}
			if (!slot.inFlight && !slot.operation.isUnknown()) {
				lastCompletion = Math.max(lastCompletion, slot.operation.completedAt());
			}
		}
		return points;
	}

	/** The slots from {@code cut} on, plus earlier ones that may still take effect after it. */
	private static List<Slot> keptAfter(List<Slot> slots, int cut) {
		List<Slot> kept = new ArrayList<>();
		for (int i = 0; i < slots.size(); i++) {
			Slot slot = slots.get(i);
			if (i >= cut || slot.inFlight || slot.operation.isUnknown()) {
				kept.add(slot);
			}
		}
		return kept;
	}

	/**
	 * What the key may hold at {@code cut}: the value of any write before it that no other completed
	 * write follows in real time, of any write that may still take effect, or absent if no completed
	 * write came before.
	 */
	private static List<@Nullable String> possibleValuesBefore(List<Slot> slots, int cut) {
		List<Slot> before = slots.subList(0, cut);
		long lastWriteInvoked = Long.MIN_VALUE;
		boolean written = false;
		for (Slot slot : before) {
			if (slot.isCompletedWrite()) {
				lastWriteInvoked = Math.max(lastWriteInvoked, slot.operation.invokedAt());
				written = true;
			}
		}
		Set<@Nullable String> values = new LinkedHashSet<>();
		if (!written) {
			values.add(null);
		}
		for (Slot slot : before) {
			boolean mayBeLast = slot.isCompletedWrite() ? slot.operation.completedAt() >= lastWriteInvoked
					: slot.inFlight || slot.operation.isUnknown();
			Command command = slot.operation.command();
			if (mayBeLast && command.kind() != Command.Kind.GET) {
				values.add(command.value());
			}
		}
		return new ArrayList<>(values);
	}

	private List<Slot> withoutNeedlessReads(List<Slot> window, Operation offending,
			List<@Nullable String> initialValues) {
		List<Slot> kept = new ArrayList<>(window);
		for (Slot slot : window) {
			if (this.deadline.isExpired()) {
				break;
			}
			if (slot.inFlight || slot.operation == offending || !slot.operation.isReadOnly()) {
				continue;
			}
			List<Slot> without = new ArrayList<>(kept);
			without.remove(slot);
			if (fails(without, initialValues)) {
				kept = without;
			}
		}
		return kept;
	}

	private boolean fails(List<Slot> slots, List<@Nullable String> initialValues) {
		List<Operation> searched = new ArrayList<>();
		for (Slot slot : slots) {
			searched.add(slot.inFlight ? slot.operation.inFlight() : slot.operation);
		}
		return new LinearizationSearch(searched).fromAny(initialValues, this.deadline) == Verdict.NOT_LINEARIZABLE;
	}

	/** An operation of the window, and whether it is cut off before its answer arrived. */
	private record Slot(Operation operation, boolean inFlight) {

		/** A put, delete or successful compare-and-set whose answer is part of the window. */
		boolean isCompletedWrite() {
			return !this.inFlight && !this.operation.isUnknown() && !this.operation.isReadOnly();
		}

	}

	private record Prefix(List<Slot> slots, Operation offending) {
	}

}
