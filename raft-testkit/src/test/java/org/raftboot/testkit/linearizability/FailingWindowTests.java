package org.raftboot.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.testkit.linearizability.Ops.delete;
import static org.raftboot.testkit.linearizability.Ops.get;
import static org.raftboot.testkit.linearizability.Ops.put;
import static org.raftboot.testkit.linearizability.Ops.unknown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FailingWindowTests {

	private final LinearizabilityChecker checker = new LinearizabilityChecker();

	private FailingWindow windowOf(List<Operation> operations) {
		CheckResult result = this.checker.check(History.of(operations), Duration.ofSeconds(5));
		assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
		assertThat(result.failingWindows()).hasSize(1);
		return result.failingWindows().get(0);
	}

	@Test
	void aStaleReadIsShownAgainstTheValueThatReplacedIt() {
		Operation staleRead = get(3, "x", "a", 40, 50);
		FailingWindow window = windowOf(List.of(put(1, "x", "a", 0, 10), put(2, "x", "b", 20, 30), staleRead));
		assertThat(window.offending()).isEqualTo(staleRead);
		assertThat(window.operations()).containsExactly(staleRead);
		assertThat(window.initialValues()).containsExactly("b");
		assertThat(window.operationsBefore()).isEqualTo(2);
		assertThat(window.describe()).contains("key \"x\": smallest failing window has 1 of 3 operations")
			.contains("2 operations before it leave the key holding one of \"b\"")
			.contains("> client 3: get(\"x\") -> \"a\"")
			.contains("invoked 0, completed 10  <- no order of the operations explains this result");
	}

	@Test
	void aLostWriteIsShownAgainstTheReadThatMissedIt() {
		Operation write = put(1, "x", "a", 0, 10);
		Operation read = get(2, "x", null, 20, 30);
		FailingWindow window = windowOf(List.of(write, read));
		assertThat(window.offending()).isEqualTo(read);
		assertThat(window.initialValues()).containsExactly("a");
		assertThat(window.describe()).contains("client 2: get(\"x\") -> absent");
	}

	@Test
	void theHistoryBeforeAQuietPointIsSummarizedByTheValuesItMayLeave() {
		List<Operation> operations = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			operations.add(put(1, "x", "v" + i, 100 * i, 100 * i + 10));
			operations.add(get(2, "x", "v" + i, 100 * i + 20, 100 * i + 30));
		}
		Operation lastWrite = put(1, "x", "last", 10_000, 10_010);
		Operation staleRead = get(3, "x", "v99", 10_040, 10_050);
		operations.add(lastWrite);
		operations.add(get(4, "x", "last", 10_020, 10_030));
		operations.add(staleRead);
		FailingWindow window = windowOf(operations);
		assertThat(window.offending()).isEqualTo(staleRead);
		assertThat(window.keyOperations()).isEqualTo(203);
		assertThat(window.operations()).hasSizeLessThanOrEqualTo(3).contains(staleRead);
		assertThat(window.operationsBefore()).isGreaterThanOrEqualTo(200);
	}

	@Test
	void readsTheViolationDoesNotNeedAreLeftOut() {
		Operation write = put(2, "x", "b", 20, 30);
		Operation concurrentRead = get(3, "x", "b", 25, 45);
		Operation staleRead = get(4, "x", "a", 40, 50);
		FailingWindow window = windowOf(List.of(put(1, "x", "a", 0, 10), write, concurrentRead, staleRead));
		assertThat(window.operations()).containsExactly(write, staleRead);
		assertThat(window.readsLeftOut()).isEqualTo(1);
		assertThat(window.describe()).contains("1 irrelevant read left out");
	}

	@Test
	void theWindowEndsAtTheFirstResultNoOrderExplains() {
		Operation lostWrite = get(2, "x", null, 20, 30);
		Operation later = put(3, "x", "b", 40, 50);
		FailingWindow window = windowOf(List.of(put(1, "x", "a", 0, 10), lostWrite, later, get(4, "x", "c", 60, 70)));
		assertThat(window.offending()).isEqualTo(lostWrite);
		assertThat(window.operations()).doesNotContain(later);
	}

	@Test
	void operationsAnsweredAfterTheOffendingOneCountAsInFlight() {
		Operation slowWrite = put(2, "x", "b", 20, 100);
		Operation read = get(3, "x", null, 30, 40);
		FailingWindow window = windowOf(List.of(put(1, "x", "a", 0, 10), slowWrite, read));
		assertThat(window.offending()).isEqualTo(read);
		assertThat(window.inFlight()).containsExactly(slowWrite);
		assertThat(window.operations()).contains(slowWrite, read);
		assertThat(window.describe()).contains("client 2: put(\"x\", \"b\") -> ok")
			.contains("(after the window: counted as in flight)");
	}

	@Test
	void operationsOfUnknownOutcomeAreShownAsNeverCompleted() {
		Operation mayHaveApplied = unknown(2, Command.put("x", "b"), 20);
		Operation sawIt = get(3, "x", "b", 30, 40);
		Operation wentBack = get(4, "x", "a", 50, 60);
		FailingWindow window = windowOf(List.of(put(1, "x", "a", 0, 10), mayHaveApplied, sawIt, wentBack));
		assertThat(window.offending()).isEqualTo(wentBack);
		assertThat(window.operations()).contains(mayHaveApplied, sawIt, wentBack);
		assertThat(window.describe()).contains("client 2: put(\"x\", \"b\") -> unknown")
			.contains("never completed (outcome unknown)");
	}

	@Test
	void theCheckResultDescribesEachKeyThatFailed() {
		CheckResult result = this.checker.check(History.of(put(1, "x", "a", 0, 10), delete(2, "x", 20, 30),
				get(3, "x", "a", 40, 50), put(1, "y", "a", 0, 10), get(2, "y", "a", 20, 30)), Duration.ofSeconds(5));
		assertThat(result.describe()).startsWith("NOT_LINEARIZABLE: 5 operations checked on 2 keys in ")
			.contains("key \"x\": smallest failing window")
			.contains("before it leave the key holding one of absent")
			.doesNotContain("key \"y\"");
	}

	@Test
	void aLargeWindowShowsItsLastOperationsAndTheOffendingOne() {
		List<Operation> operations = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			operations.add(put(i, "x", "v" + i, 10 * i, 10 * i + 5));
		}
		Operation offending = get(999, "x", "nothing", 1, 2);
		operations.add(0, offending);
		FailingWindow window = new FailingWindow("x", operations, offending, List.of(), List.of("v0"), 0, 0, 121);
		String text = window.describe();
		assertThat(text).contains("(70 earlier operations of the window not shown)")
			.contains("> client 999: get(\"x\") -> \"nothing\"")
			.contains("client 119: put(\"x\", \"v119\")")
			.doesNotContain("client 69: ");
		assertThat(text.lines()).hasSize(3 + 51);
	}

}
