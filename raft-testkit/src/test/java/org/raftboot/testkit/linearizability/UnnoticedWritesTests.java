package org.raftboot.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.testkit.linearizability.Ops.cas;
import static org.raftboot.testkit.linearizability.Ops.get;
import static org.raftboot.testkit.linearizability.Ops.put;
import static org.raftboot.testkit.linearizability.Ops.unknown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class UnnoticedWritesTests {

	@Test
	void anUnknownWriteWhoseValueNobodyObservedIsRemoved() {
		Operation unnoticed = unknown(2, Command.put("x", "b"), 20);
		List<Operation> operations = List.of(put(1, "x", "a", 0, 10), unnoticed, get(3, "x", "a", 30, 40));
		assertThat(UnnoticedWrites.removeFrom(operations)).doesNotContain(unnoticed).hasSize(2);
	}

	@Test
	void anUnknownWriteWhoseValueWasReadIsKept() {
		Operation seen = unknown(2, Command.put("x", "b"), 20);
		List<Operation> operations = List.of(put(1, "x", "a", 0, 10), seen, get(3, "x", "b", 30, 40));
		assertThat(UnnoticedWrites.removeFrom(operations)).contains(seen);
	}

	@Test
	void anUnknownWriteWhoseValueACompareAndSetExpectedIsKept() {
		Operation expected = unknown(2, Command.put("x", "b"), 20);
		List<Operation> operations = List.of(expected, unknown(3, Command.cas("x", "b", "c"), 30));
		assertThat(UnnoticedWrites.removeFrom(operations)).contains(expected);
	}

	@Test
	void anUnknownWriteIsKeptWhenACompareAndSetFailedAfterItsInvocation() {
		Operation mayExplainTheFailure = unknown(2, Command.put("x", "b"), 20);
		List<Operation> operations = List.of(put(1, "x", "a", 0, 10), mayExplainTheFailure,
				cas(3, "x", "a", "c", false, 30, 40));
		assertThat(UnnoticedWrites.removeFrom(operations)).contains(mayExplainTheFailure);
		assertThat(new LinearizabilityChecker().check(History.of(operations), Duration.ofSeconds(5)).verdict())
			.isEqualTo(Verdict.LINEARIZABLE);
	}

	@Test
	void anUnknownDeleteIsNoticedByAReadOfAbsence() {
		Operation delete = unknown(2, Command.delete("x"), 20);
		List<Operation> operations = List.of(put(1, "x", "a", 0, 10), delete, get(3, "x", null, 30, 40));
		assertThat(UnnoticedWrites.removeFrom(operations)).contains(delete);
	}

	@Test
	void aViolationIsProvenDespiteManyPendingWritesNobodyNoticed() {
		List<Operation> operations = new ArrayList<>();
		operations.add(put(1, "x", "a", 0, 10));
		for (int i = 0; i < 40; i++) {
			operations.add(unknown(100 + i, Command.put("x", "lost" + i), 20 + i));
		}
		operations.add(put(2, "x", "b", 100, 110));
		operations.add(get(3, "x", "a", 120, 130));
		CheckResult result = new LinearizabilityChecker().check(History.of(operations), Duration.ofSeconds(5));
		assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
		assertThat(result.failingWindows().get(0).offending().clientId()).isEqualTo(3);
	}

}
