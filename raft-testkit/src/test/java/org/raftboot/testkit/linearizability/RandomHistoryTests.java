package org.raftboot.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.testkit.linearizability.Ops.get;
import static org.raftboot.testkit.linearizability.Ops.put;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomHistoryTests {

	private final LinearizabilityChecker checker = new LinearizabilityChecker();

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3 })
	void aLargeRandomLinearizableHistoryIsFoundLinearizableWithinBudget(long seed) {
		List<Operation> operations = RandomHistories.linearizable(seed, 5_000, 10, 8, 150, 0.01);
		CheckResult result = this.checker.check(History.of(operations), Duration.ofSeconds(10));
		assertThat(result.verdict()).as(result::describe).isEqualTo(Verdict.LINEARIZABLE);
		long unknown = operations.stream().filter(Operation::isUnknown).count();
		long unknownGets = operations.stream().filter(Operation::isVoid).count();
		// Every operation but the unknown gets and the unknown writes nothing noticed.
		assertThat((long) result.operationsChecked()).isBetween(5_000 - unknown, 5_000 - unknownGets);
		assertThat(result.keys()).hasSize(8);
	}

	@Test
	void oneCorruptedReadInALargeHistoryIsFoundAndNamed() {
		List<Operation> operations = new ArrayList<>(RandomHistories.linearizable(7, 5_000, 10, 8, 150, 0.01));
		int index = 2_500;
		while (operations.get(index).kind() != Command.Kind.GET || operations.get(index).isUnknown()) {
			index++;
		}
		Operation original = operations.get(index);
		Operation corrupted = new Operation(original.clientId(), original.command(), original.invokedAt(),
				original.completedAt(), Result.read("never written"));
		operations.set(index, corrupted);
		CheckResult result = this.checker.check(History.of(operations), Duration.ofSeconds(10));
		assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
		FailingWindow window = result.failingWindows().get(0);
		assertThat(window.key()).isEqualTo(original.key());
		assertThat(window.offending()).isEqualTo(corrupted);
		assertThat(window.operations()).hasSizeLessThan(20);
		assertThat(window.describe()).contains("get(" + Text.value(original.key()) + ") -> \"never written\"");
	}

	@Test
	void aStaleReadInALargeHistoryIsFoundAndNamed() {
		List<Operation> operations = new ArrayList<>(RandomHistories.linearizable(5, 5_000, 10, 8, 150, 0.01));
		int index = 2_500;
		while (!isReadAfterTwoWritesOfItsKey(operations, index)) {
			index++;
		}
		Operation fresh = operations.get(index);
		String stale = valueBeforeLastWrite(operations, index);
		Operation staleRead = new Operation(fresh.clientId(), fresh.command(), fresh.invokedAt(), fresh.completedAt(),
				Result.read(stale));
		operations.set(index, staleRead);
		CheckResult result = this.checker.check(History.of(operations), Duration.ofSeconds(10));
		assertThat(result.verdict()).as(result::describe).isEqualTo(Verdict.NOT_LINEARIZABLE);
		FailingWindow window = result.failingWindows().get(0);
		assertThat(window.offending()).isEqualTo(staleRead);
		assertThat(window.operations()).hasSizeLessThan(20);
	}

	/**
	 * Whether operation {@code index} is an answered get whose key was last written by two puts that
	 * both completed before the get was invoked, long enough before that no other write can interleave.
	 */
	private static boolean isReadAfterTwoWritesOfItsKey(List<Operation> operations, int index) {
		Operation read = operations.get(index);
		if (read.kind() != Command.Kind.GET || read.isUnknown()) {
			return false;
		}
		List<Operation> writes = lastWrites(operations, index);
		return writes.size() == 2 && writes.stream()
			.allMatch((write) -> write.kind() == Command.Kind.PUT && !write.isUnknown()
					&& write.completedAt() < read.invokedAt())
				&& writes.get(1).completedAt() < writes.get(0).invokedAt();
	}

	private static String valueBeforeLastWrite(List<Operation> operations, int index) {
		return lastWrites(operations, index).get(1).command().value();
	}

	/** The last two operations before {@code index} that may change its key, latest first. */
	private static List<Operation> lastWrites(List<Operation> operations, int index) {
		String key = operations.get(index).key();
		List<Operation> writes = new ArrayList<>();
		for (int i = index - 1; i >= 0 && writes.size() < 2; i--) {
			Operation operation = operations.get(i);
			if (operation.key().equals(key) && operation.kind() != Command.Kind.GET) {
				writes.add(operation);
			}
		}
		return writes;
	}

	@Test
	void aPathologicalHistoryWithATinyBudgetIsUnknownRatherThanHanging() {
		long started = System.nanoTime();
		CheckResult result = this.checker.check(History.of(pathological("x")), Duration.ofMillis(20));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(result.operationsChecked()).isZero();
		assertThat(took).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void aViolationOnOneKeyIsReportedEvenWhenAnotherKeyExhaustsTheBudget() {
		List<Operation> operations = new ArrayList<>(pathological("x"));
		operations.add(put(1, "a", "1", 0, 10));
		operations.add(get(2, "a", null, 20, 30));
		CheckResult result = this.checker.check(History.of(operations), Duration.ofMillis(50));
		assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
		assertThat(result.keys()).extracting(KeyResult::verdict)
			.containsExactly(Verdict.NOT_LINEARIZABLE, Verdict.UNKNOWN);
		assertThat(result.operationsChecked()).isEqualTo(2);
	}

	@Test
	void aZeroBudgetDecidesNothing() {
		CheckResult result = this.checker.check(History.of(put(1, "x", "a", 0, 10)), Duration.ZERO);
		assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
	}

	/**
	 * Forty concurrent writes and a concurrent read of a value none of them wrote: every subset of
	 * writes in every order is a state to refute before the answer "not linearizable".
	 */
	private static List<Operation> pathological(String key) {
		List<Operation> operations = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			operations.add(put(i, key, "v" + i, 0, 100));
		}
		operations.add(get(99, key, "never written", 0, 101));
		return operations;
	}

}
