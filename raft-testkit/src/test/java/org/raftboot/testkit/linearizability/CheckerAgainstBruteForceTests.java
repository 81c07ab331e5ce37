package org.raftboot.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Thousands of tiny random histories, most of them wrong, decided both by the checker and by trying
 * every order: the verdicts must agree, and every failing window must itself fail.
 */
class CheckerAgainstBruteForceTests {

	private final LinearizabilityChecker checker = new LinearizabilityChecker();

	@ParameterizedTest(name = "values {0}, seed {1}")
	@CsvSource({ "ab, 42", "abcd, 43" })
	void theCheckerAgreesWithExhaustiveSearchOnTinyHistories(String values, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<String> disagreements = new ArrayList<>();
		int violations = 0;
		int rounds = 1_500;
		for (int round = 0; round < rounds; round++) {
			List<Operation> operations = tinyHistory(random, values.split(""));
			boolean expected = BruteForce.isLinearizable(operations, null);
			CheckResult result = this.checker.check(History.of(operations), Duration.ofSeconds(5));
			if (result.verdict() != (expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE)) {
				disagreements.add(result.verdict() + " for " + operations);
			}
			else if (!expected) {
				violations++;
				FailingWindow window = result.failingWindows().get(0);
				if (!failsOnItsOwn(window, operations)) {
					disagreements.add("window that does not fail on its own: " + window.describe());
				}
			}
		}
		assertThat(disagreements).isEmpty();
		assertThat(violations).as("violations").isBetween(rounds / 10, rounds * 9 / 10);
	}

	/**
	 * Whether the window is part of the history, holds the offending operation and, with operations
	 * answered after that one counted as unknown, fails from every value it may start from.
	 */
	private static boolean failsOnItsOwn(FailingWindow window, List<Operation> history) {
		if (!window.operations().contains(window.offending()) || !history.containsAll(window.operations())) {
			return false;
		}
		List<Operation> cut = new ArrayList<>();
		for (Operation operation : window.operations()) {
			cut.add(window.inFlight().contains(operation) ? operation.inFlight() : operation);
		}
		return window.initialValues().stream().noneMatch((initial) -> BruteForce.isLinearizable(cut, initial));
	}

	private static List<Operation> tinyHistory(SplittableRandom random, String[] values) {
		int count = 1 + random.nextInt(7);
		List<Operation> operations = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long invoked = random.nextLong(40);
			long completed = invoked + random.nextLong(15);
			String value = values[random.nextInt(values.length)];
			String maybe = random.nextInt(3) == 0 ? null : values[random.nextInt(values.length)];
			Command command = switch (random.nextInt(4)) {
				case 0 -> Command.put("x", value);
				case 1 -> Command.get("x");
				case 2 -> Command.delete("x");
				default -> Command.cas("x", maybe, value);
			};
			Result result = switch (command.kind()) {
				case GET -> Result.read(maybe);
				case CAS -> Result.swapped(random.nextBoolean());
				default -> Result.ok();
			};
			operations.add(random.nextInt(4) == 0 ? Operation.unknown(i, command, invoked)
					: new Operation(i, command, invoked, completed, result));
		}
		return operations;
	}

}
