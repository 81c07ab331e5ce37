package org.raftboot.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class OperationTests {

	@Test
	void commandsTakeExactlyTheArgumentsTheirKindNeeds() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Command(Command.Kind.PUT, "x", null, null))
			.withMessage("PUT needs value");
		assertThatIllegalArgumentException().isThrownBy(() -> new Command(Command.Kind.GET, "x", "a", null))
			.withMessage("GET takes no value");
		assertThatIllegalArgumentException().isThrownBy(() -> new Command(Command.Kind.DELETE, "x", null, "a"))
			.withMessage("DELETE takes no expected value");
	}

	@Test
	void commandsReadLikeCalls() {
		assertThat(Command.put("x", "a")).hasToString("put(\"x\", \"a\")");
		assertThat(Command.get("x")).hasToString("get(\"x\")");
		assertThat(Command.delete("x")).hasToString("delete(\"x\")");
		assertThat(Command.cas("x", null, "b")).hasToString("cas(\"x\", absent -> \"b\")");
		assertThat(Command.put("x", "say \"hi\"")).hasToString("put(\"x\", \"say \\\"hi\\\"\")");
	}

	@Test
	void anUnknownOutcomeHasNoCompletionTime() {
		Operation operation = new Operation(1, Command.put("x", "a"), 5, 9, Result.unknown());
		assertThat(operation.completedAt()).isEqualTo(Operation.NEVER);
		assertThat(operation).isEqualTo(Operation.unknown(1, Command.put("x", "a"), 5));
	}

	@Test
	void aKnownOutcomeCannotCompleteBeforeItsInvocation() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Operation(1, Command.get("x"), 10, 9, Result.read(null)))
			.withMessage("get(\"x\") cannot complete at 9 after its invocation at 10");
	}

	@Test
	void resultsMustAnswerTheirCommand() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Operation(1, Command.cas("x", "a", "b"), 0, 1, Result.ok()))
			.withMessage("ok is not an answer to cas(\"x\", \"a\" -> \"b\")");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Operation(1, Command.delete("x"), 0, 1, Result.swapped(true)));
	}

	@Test
	void anOperationDescribesClientCommandResultAndTimes() {
		assertThat(new Operation(3, Command.get("x"), 10, 20, Result.read("a")))
			.hasToString("client 3 get(\"x\") -> \"a\" [10, 20]");
		assertThat(Operation.unknown(4, Command.delete("x"), 10)).hasToString("client 4 delete(\"x\") -> unknown [10, ?]");
	}

}
