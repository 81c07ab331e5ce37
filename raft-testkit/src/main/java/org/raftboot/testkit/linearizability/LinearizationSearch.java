package org.raftboot.testkit.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Wing and Gong's search for a linearization of one key's operations, with Lowe's memoization: a
 * depth-first walk over the history's call and return entries that linearizes a pending call whenever
 * the sequential model allows it, remembers every (linearized set, value) pair already explored, and
 * undoes its last choice when it meets the return of an operation it has not linearized.
 *
 * <p>The model is one register: absent or a value. Values are interned to ints so a state is a number.
 */
final class LinearizationSearch {

	/** How many configurations the memo may hold before the search gives up (memory, not time). */
	static final int MAX_EXPLORED_STATES = 1_000_000;

	/** How many bitset words the memo may hold in all (64 MB), for histories of many operations. */
	static final long MAX_EXPLORED_WORDS = 8_000_000;

	private static final int ABSENT = 0;

	private static final int REJECTED = -1;

	private static final int DEADLINE_CHECK_INTERVAL = 256;

	private enum Behaviour {

		WRITE, ERASE, READ, SWAP, NO_SWAP, MAYBE_SWAP

	}

	private final Map<String, Integer> valueIds = new HashMap<>();

	private final List<Operation> operations = new ArrayList<>();

	private final Behaviour[] behaviours;

	/** The value written (put, compare-and-set) or read (get), as an id. */
	private final int[] arguments;

	private final int[] expectations;

	/**
	 * @param operations one key's operations; gets with an unknown result are ignored (they change
	 * nothing and observed nothing), and so are {@link UnnoticedWrites unnoticed writes}
	 */
	LinearizationSearch(List<Operation> operations) {
		for (Operation operation : UnnoticedWrites.removeFrom(operations)) {
			if (!operation.isVoid()) {
				this.operations.add(operation);
			}
		}
		int count = this.operations.size();
		this.behaviours = new Behaviour[count];
		this.arguments = new int[count];
		this.expectations = new int[count];
		for (int i = 0; i < count; i++) {
			encode(i, this.operations.get(i));
		}
	}

	/** How many operations the search places: those it was given but the ignored ones. */
	int size() {
		return this.operations.size();
	}

	private void encode(int i, Operation operation) {
		Command command = operation.command();
		Result result = operation.result();
		switch (command.kind()) {
			case PUT -> {
				this.behaviours[i] = Behaviour.WRITE;
				this.arguments[i] = intern(command.value());
			}
			case DELETE -> this.behaviours[i] = Behaviour.ERASE;
			case GET -> {
				this.behaviours[i] = Behaviour.READ;
				this.arguments[i] = intern(((Result.Read) result).value());
			}
			case CAS -> {
				this.arguments[i] = intern(command.value());
				this.expectations[i] = intern(command.expected());
				if (result instanceof Result.Swapped swapped) {
					this.behaviours[i] = swapped.swapped() ? Behaviour.SWAP : Behaviour.NO_SWAP;
				}
				else {
					this.behaviours[i] = Behaviour.MAYBE_SWAP;
				}
			}
		}
	}

	private int intern(@Nullable String value) {
		return (value != null) ? this.valueIds.computeIfAbsent(value, (v) -> this.valueIds.size() + 1) : ABSENT;
	}

	/**
	 * Whether the operations linearize from at least one of {@code initialValues}: {@code LINEARIZABLE}
	 * as soon as one start works, {@code NOT_LINEARIZABLE} if none does, {@code UNKNOWN} if none works
	 * but some could not be decided in time.
	 */
	Verdict fromAny(Collection<@Nullable String> initialValues, Deadline deadline) {
		Verdict verdict = Verdict.NOT_LINEARIZABLE;
		for (String initialValue : initialValues) {
			Verdict one = from(initialValue, deadline);
			if (one == Verdict.LINEARIZABLE) {
				return one;
			}
			if (one == Verdict.UNKNOWN) {
				verdict = one;
			}
		}
		return verdict;
	}

	/** Whether the operations linearize when the key starts out holding {@code initialValue}. */
	Verdict from(@Nullable String initialValue, Deadline deadline) {
		int state = intern(initialValue);
		Entry head = entries();
		BitSet linearized = new BitSet(this.operations.size());
		Set<Explored> explored = new HashSet<>();
		long exploredWords = 0;
		Deque<Choice> choices = new ArrayDeque<>();
		Entry entry = head.next;
		long steps = 0;
		while (head.next != null) {
			if (++steps % DEADLINE_CHECK_INTERVAL == 0 && deadline.isExpired()) {
				return Verdict.UNKNOWN;
			}
			if (entry.call) {
				int next = step(entry.operation, state);
				if (next != REJECTED) {
					linearized.set(entry.operation);
					long[] words = linearized.toLongArray();
					if (explored.add(new Explored(words, next))) {
						exploredWords += words.length;
						if (explored.size() > MAX_EXPLORED_STATES || exploredWords > MAX_EXPLORED_WORDS) {
							return Verdict.UNKNOWN;
						}
						choices.push(new Choice(entry, state));
						state = next;
						entry.lift();
						entry = head.next;
						continue;
					}
					linearized.clear(entry.operation);
				}
				entry = entry.next;
			}
			else {
				Choice last = choices.poll();
				if (last == null) {
					return Verdict.NOT_LINEARIZABLE;
				}
				state = last.stateBefore;
				linearized.clear(last.call.operation);
				last.call.unlift();
				entry = last.call.next;
			}
		}
		return Verdict.LINEARIZABLE;
	}

	/** The model's sequential step: the value after operation {@code i}, or {@link #REJECTED}. */
	private int step(int i, int state) {
		int argument = this.arguments[i];
		boolean matches = state == this.expectations[i];
		return switch (this.behaviours[i]) {
			case WRITE -> argument;
			case ERASE -> ABSENT;
			case READ -> (state == argument) ? state : REJECTED;
			case SWAP -> matches ? argument : REJECTED;
			case NO_SWAP -> matches ? REJECTED : state;
			case MAYBE_SWAP -> matches ? argument : state;
		};
	}

	/**
	 * The call and return entries in time order, behind a sentinel head. At equal times calls come first:
	 * an operation invoked when another completed counts as concurrent with it.
	 */
	private Entry entries() {
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; i < this.operations.size(); i++) {
			Operation operation = this.operations.get(i);
			Entry call = new Entry(i, true, operation.invokedAt());
			Entry ret = new Entry(i, false, operation.completedAt());
			call.match = ret;
			entries.add(call);
			entries.add(ret);
		}
		entries.sort(Comparator.comparingLong((Entry e) -> e.time)
			.thenComparing((Entry e) -> !e.call)
			.thenComparingInt((Entry e) -> e.operation));
		Entry head = new Entry(-1, false, Long.MIN_VALUE);
		Entry previous = head;
		for (Entry entry : entries) {
			previous.next = entry;
			entry.prev = previous;
			previous = entry;
		}
		return head;
	}

	/** A call or return in the doubly linked list the search unlinks and relinks. */
	private static final class Entry {

		final int operation;

		final boolean call;

		final long time;

		@Nullable Entry match;

		@Nullable Entry prev;

		@Nullable Entry next;

		Entry(int operation, boolean call, long time) {
			this.operation = operation;
			this.call = call;
			this.time = time;
		}

		/** Takes this call and its return out of the list (the operation is now linearized). */
		void lift() {
			this.prev.next = this.next;
			this.next.prev = this.prev;
			Entry ret = this.match;
			ret.prev.next = ret.next;
			if (ret.next != null) {
				ret.next.prev = ret.prev;
			}
		}

		/** Puts this call and its return back where they were, undoing {@link #lift()}. */
		void unlift() {
			Entry ret = this.match;
			ret.prev.next = ret;
			if (ret.next != null) {
				ret.next.prev = ret;
			}
			this.prev.next = this;
			this.next.prev = this;
		}

	}

	/** A linearized call and the value before it, to undo on backtrack. */
	private record Choice(Entry call, int stateBefore) {
	}

	/** A memo entry: which operations are linearized, and the value they leave. */
	private static final class Explored {

		private final long[] linearized;

		private final int state;

		private final int hash;

		Explored(long[] linearized, int state) {
			this.linearized = linearized;
			this.state = state;
			this.hash = 31 * Arrays.hashCode(linearized) + state;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Explored that && this.state == that.state && this.hash == that.hash
					&& Arrays.equals(this.linearized, that.linearized);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
