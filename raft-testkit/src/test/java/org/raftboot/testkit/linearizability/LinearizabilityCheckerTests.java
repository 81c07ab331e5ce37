package org.raftboot.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.testkit.linearizability.Ops.cas;
import static org.raftboot.testkit.linearizability.Ops.delete;
import static org.raftboot.testkit.linearizability.Ops.get;
import static org.raftboot.testkit.linearizability.Ops.put;
import static org.raftboot.testkit.linearizability.Ops.unknown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LinearizabilityCheckerTests {

	private final LinearizabilityChecker checker = new LinearizabilityChecker();

	private Verdict verdictOf(Operation... operations) {
		return this.checker.check(History.of(operations), Duration.ofSeconds(5)).verdict();
	}

	@Test
	void anEmptyHistoryIsLinearizable() {
		CheckResult result = this.checker.check(History.of(), Duration.ofSeconds(1));
		assertThat(result.verdict()).isEqualTo(Verdict.LINEARIZABLE);
		assertThat(result.operationsChecked()).isZero();
		assertThat(result.keys()).isEmpty();
	}

	@Test
	void operationsOfUnknownOutcomeThatConstrainNothingAreNotCountedAsChecked() {
		List<Operation> operations = new ArrayList<>();
		operations.add(put(1, "x", "a", 0, 10));
		for (int i = 0; i < 99; i++) {
			operations.add(unknown(2, Command.get("x"), 20 + i));
		}
		operations.add(unknown(3, Command.put("x", "never seen"), 200));
		operations.add(unknown(4, Command.put("x", "b"), 300));
		operations.add(get(5, "x", "b", 400, 410));
		CheckResult result = this.checker.check(History.of(operations), Duration.ofSeconds(5));
		assertThat(result.verdict()).isEqualTo(Verdict.LINEARIZABLE);
		assertThat(result.operationsChecked()).as("the first put, the put of b and the get that saw it").isEqualTo(3);
		assertThat(result.keys()).singleElement().satisfies((key) -> assertThat(key.operations()).isEqualTo(103));
	}

	@Test
	void aReadAfterAnAcknowledgedWriteSeesIt() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), get(2, "x", "a", 20, 30))).isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void aReadBeforeAnyWriteSeesTheKeyAbsent() {
		assertThat(verdictOf(get(1, "x", null, 0, 10), put(2, "x", "a", 20, 30))).isEqualTo(Verdict.LINEARIZABLE);
	}

	@ParameterizedTest(name = "a read concurrent with a write may see {0}: {1}")
	@CsvSource(nullValues = "absent", value = { "absent, LINEARIZABLE", "a, LINEARIZABLE", "b, NOT_LINEARIZABLE" })
	void aReadConcurrentWithAWriteSeesTheOldOrTheNewValue(String seen, Verdict expected) {
		assertThat(verdictOf(put(1, "x", "a", 0, 20), get(2, "x", seen, 5, 15))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "after concurrent writes of a and b, reads see {0} then {1}: {2}")
	@CsvSource({ "a, a, LINEARIZABLE", "b, b, LINEARIZABLE", "a, b, NOT_LINEARIZABLE", "b, a, NOT_LINEARIZABLE" })
	void concurrentWritesMayTakeEitherOrderButOnlyOne(String first, String second, Verdict expected) {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), put(2, "x", "b", 0, 10), get(3, "x", first, 20, 30),
				get(4, "x", second, 40, 50)))
			.isEqualTo(expected);
	}

	@ParameterizedTest(name = "three concurrent writes read as {0}: {1}")
	@MethodSource("readsOfThreeConcurrentWrites")
	void readsDuringAndAfterConcurrentWritesAreLegalExactlyWhenSomeOrderOfTheWritesExplainsThem(List<String> seen,
			Verdict expected) {
		List<Operation> operations = new ArrayList<>(List.of(put(1, "x", "a", 0, 100), put(2, "x", "b", 0, 100),
				put(3, "x", "c", 0, 100)));
		long[][] readTimes = { { 10, 20 }, { 30, 40 }, { 50, 60 }, { 200, 210 } };
		for (int i = 0; i < readTimes.length; i++) {
			operations.add(get(4, "x", seen.get(i), readTimes[i][0], readTimes[i][1]));
		}
		assertThat(this.checker.check(History.of(operations), Duration.ofSeconds(5)).verdict()).isEqualTo(expected);
	}

	/**
	 * Every sequence of four reads over values a, b, c. Each write happens once, so the reads are
	 * explained exactly when, with repeats collapsed, no value comes back after another replaced it.
	 */
	static Stream<Arguments> readsOfThreeConcurrentWrites() {
		List<Arguments> cases = new ArrayList<>();
		String[] values = { "a", "b", "c" };
		for (int code = 0; code < 81; code++) {
			List<String> seen = new ArrayList<>();
			for (int i = 0, rest = code; i < 4; i++, rest /= 3) {
				seen.add(values[rest % 3]);
			}
			List<String> collapsed = new ArrayList<>();
			for (String value : seen) {
				if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(value)) {
					collapsed.add(value);
				}
			}
			boolean legal = collapsed.stream().distinct().count() == collapsed.size();
			cases.add(Arguments.of(seen, legal ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE));
		}
		return cases.stream();
	}

	@Test
	void aStaleReadIsNotLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), put(2, "x", "b", 20, 30), get(3, "x", "a", 40, 50)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void aLostAcknowledgedWriteIsNotLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), get(2, "x", null, 20, 30))).isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void aCompareAndSetThatSucceededOnAValueAlreadyGoneIsNotLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), put(2, "x", "b", 20, 30), cas(3, "x", "a", "c", true, 40, 50)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void aCompareAndSetThatSucceededOnADeletedValueIsNotLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), delete(2, "x", 20, 30), cas(3, "x", "a", "c", true, 40, 50)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void aCompareAndSetSwapsWhenTheValueMatchesAndReadsSeeTheNewValue() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), cas(2, "x", "a", "b", true, 20, 30), get(3, "x", "b", 40, 50)))
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void aCompareAndSetOnAnAbsentKeyCreatesIt() {
		assertThat(verdictOf(cas(1, "x", null, "a", true, 0, 10), cas(2, "x", null, "b", false, 20, 30),
				get(3, "x", "a", 40, 50)))
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void aCompareAndSetThatFailedWhileTheValueMatchedIsNotLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), cas(2, "x", "a", "b", false, 20, 30)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void twoCompareAndSetsFromTheSameValueCannotBothSucceed() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), cas(2, "x", "a", "b", true, 20, 40),
				cas(3, "x", "a", "c", true, 20, 40)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void anUnknownWriteThatTookEffectIsLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), unknown(2, Command.put("x", "b"), 20), get(3, "x", "a", 30, 40),
				get(3, "x", "b", 50, 60), get(4, "x", "b", 70, 80)))
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void anUnknownWriteThatNeverTookEffectIsLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), unknown(2, Command.put("x", "b"), 20), get(3, "x", "a", 30, 40),
				get(4, "x", "a", 1_000, 1_010)))
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void anUnknownWriteTakesEffectAtMostOnce() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), unknown(2, Command.put("x", "b"), 20), get(3, "x", "b", 30, 40),
				get(4, "x", "a", 50, 60)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void anUnknownWriteCannotTakeEffectBeforeItWasInvoked() {
		assertThat(verdictOf(get(1, "x", "b", 0, 10), unknown(2, Command.put("x", "b"), 20)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void unknownDeletesAndCompareAndSetsMayOrMayNotHaveTakenEffect() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), unknown(2, Command.delete("x"), 20), get(3, "x", "a", 30, 40),
				get(3, "x", null, 50, 60)))
			.isEqualTo(Verdict.LINEARIZABLE);
		assertThat(verdictOf(put(1, "y", "a", 0, 10), unknown(2, Command.cas("y", "a", "b"), 20),
				get(3, "y", "b", 30, 40)))
			.isEqualTo(Verdict.LINEARIZABLE);
		assertThat(verdictOf(put(1, "z", "a", 0, 10), unknown(2, Command.cas("z", "c", "b"), 20),
				get(3, "z", "b", 30, 40)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void aGetWhoseAnswerNeverCameConstrainsNothing() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), unknown(2, Command.get("x"), 5), get(3, "x", "a", 20, 30)))
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void aReadThatSeesAValueBeforeItsWriteWasInvokedIsNotLinearizable() {
		assertThat(verdictOf(get(1, "x", "a", 0, 10), put(2, "x", "a", 20, 30))).isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void aDeletedKeyReadsAbsentUntilWrittenAgain() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), delete(2, "x", 20, 30), get(3, "x", null, 40, 50),
				put(1, "x", "b", 60, 70), get(2, "x", "b", 80, 90)))
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void aReadOfADeletedValueIsNotLinearizable() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), delete(2, "x", 20, 30), get(3, "x", "a", 40, 50)))
			.isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@ParameterizedTest(name = "a read concurrent with a delete may see {0}")
	@CsvSource(nullValues = "absent", value = { "absent", "a" })
	void aReadConcurrentWithADeleteSeesTheValueOrItsAbsence(String seen) {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), delete(2, "x", 20, 40), get(3, "x", seen, 25, 35)))
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void keysAreCheckedIndependentlyAndTheFailingKeyIsNamed() {
		List<Operation> operations = new ArrayList<>();
		for (int k = 0; k < 20; k++) {
			String key = "k" + k;
			operations.add(put(k, key, "v" + k, 0, 10));
			operations.add(get(k + 1, key, "v" + k, 5, 15));
		}
		operations.add(get(99, "k7", null, 20, 30));
		CheckResult result = this.checker.check(History.of(operations), Duration.ofSeconds(5));
		assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
		assertThat(result.operationsChecked()).isEqualTo(41);
		assertThat(result.keys()).hasSize(20);
		assertThat(result.keys()).filteredOn((key) -> key.verdict() == Verdict.NOT_LINEARIZABLE)
			.extracting(KeyResult::key)
			.containsExactly("k7");
		assertThat(result.failingWindows()).singleElement()
			.satisfies((window) -> assertThat(window.offending().clientId()).isEqualTo(99));
	}

	@Test
	void aValueWrittenToOneKeyIsNotVisibleUnderAnother() {
		assertThat(verdictOf(put(1, "x", "a", 0, 10), get(2, "y", null, 20, 30))).isEqualTo(Verdict.LINEARIZABLE);
		assertThat(verdictOf(put(1, "x", "a", 0, 10), get(2, "y", "a", 20, 30))).isEqualTo(Verdict.NOT_LINEARIZABLE);
	}

	@Test
	void anOperationInvokedExactlyWhenAnotherCompletedCountsAsConcurrentWithIt() {
		assertThat(verdictOf(get(1, "x", "a", 0, 10), put(2, "x", "a", 10, 20))).isEqualTo(Verdict.LINEARIZABLE);
	}

}
