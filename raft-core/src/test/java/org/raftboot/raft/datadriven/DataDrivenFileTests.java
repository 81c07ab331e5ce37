package org.raftboot.raft.datadriven;

import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DataDrivenFileTests {

	@Test
	void directivesCarryCommandArgumentsInputAndExpectedOutput() {
		List<TestCase> cases = DataDrivenFile.parse("f.txt", """
				# a comment
				  # an indented comment

				cmd pos1 flag=yes list=(1,2, 3) empty= pos2
				  some input
				more input
				----
				line one
				line two

				other
				----
				ok
				""").testCases();
		assertThat(cases).hasSize(2);
		TestCase first = cases.get(0);
		assertThat(first.file()).isEqualTo("f.txt");
		assertThat(first.line()).isEqualTo(4);
		assertThat(first.cmd()).isEqualTo("cmd");
		assertThat(first.args()).containsExactly(new CmdArg("pos1", List.of()), new CmdArg("flag", List.of("yes")),
				new CmdArg("list", List.of("1", "2", "3")), new CmdArg("empty", List.of("")), new CmdArg("pos2", List.of()));
		assertThat(first.positional()).containsExactly("pos1", "pos2");
		assertThat(first.hasArg("flag")).isTrue();
		assertThat(first.hasArg("nope")).isFalse();
		assertThat(first.argValue("list")).isEqualTo("1");
		assertThat(first.argValue("nope", "dflt")).isEqualTo("dflt");
		assertThat(first.argValues("list")).containsExactly("1", "2", "3");
		assertThat(first.argValues("nope")).isEmpty();
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> first.argValue("pos1"))
			.withMessage("f.txt:4: argument pos1 has no value");
		assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> first.argValue("nope"))
			.withMessage("f.txt:4: missing argument nope");
		assertThat(first.input()).isEqualTo("some input\nmore input");
		assertThat(first.expected()).isEqualTo("line one\nline two\n");
		assertThat(first.directive()).isEqualTo("cmd pos1 flag=yes list=(1, 2, 3) empty= pos2");
		assertThat(first.where()).isEqualTo("f.txt:4");
		assertThat(cases.get(1).line()).isEqualTo(11);
		assertThat(cases.get(1).input()).isEmpty();
		assertThat(cases.get(1).expected()).isEqualTo("ok\n");
	}

	@Test
	void argumentsHaveNoQuotingAndMayNestParentheses() {
		TestCase tc = DataDrivenFile.parse("f.txt", "propose 1 \"foo\" v=(a(b,c), d) s=(1 2 3)\n----\n").testCases().get(0);
		assertThat(tc.positional()).containsExactly("1", "\"foo\"");
		assertThat(tc.arg("v")).hasValue(new CmdArg("v", List.of("a(b,c)", "d")));
		assertThat(tc.arg("s")).hasValue(new CmdArg("s", List.of("1 2 3")));
	}

	@Test
	void aTrailingBackslashContinuesTheDirectiveLine() {
		TestCase tc = DataDrivenFile.parse("f.txt", "cmd a \\\n   b\n----\nx\n").testCases().get(0);
		assertThat(tc.positional()).containsExactly("a", "b");
		assertThat(tc.expected()).isEqualTo("x\n");
	}

	@Test
	void aDoubleSeparatorAllowsBlankLinesInTheExpectedOutput() {
		List<TestCase> cases = DataDrivenFile.parse("f.txt", """
				cmd
				----
				----
				a

				b
				----
				----

				next
				----
				c
				""").testCases();
		assertThat(cases).extracting(TestCase::expected).containsExactly("a\n\nb\n", "c\n");
	}

	@Test
	void aWhitespaceOnlyLineEndsTheExpectedOutput() {
		List<TestCase> cases = DataDrivenFile.parse("f.txt", "one\n----\na\n   \ntwo\n----\nb").testCases();
		assertThat(cases).extracting(TestCase::expected).containsExactly("a\n", "b\n");
	}

	@Test
	void aDirectiveWithoutSeparatorExpectsNothing() {
		List<TestCase> cases = DataDrivenFile.parse("f.txt", "cmd\ninput\n").testCases();
		assertThat(cases).singleElement().satisfies((tc) -> {
			assertThat(tc.input()).isEqualTo("input");
			assertThat(tc.expected()).isEmpty();
		});
	}

	@Test
	void rewritingWithTheExpectedOutputsGivesBackTheFile() {
		String content = """
				# comment   \n\
				cmd a=(1,2)
				input
				----
				out

				\n\
				empty
				----

				two
				----
				----
				x

				y
				----
				----

				last
				----
				z
				""";
		DataDrivenFile file = DataDrivenFile.parse("f.txt", content);
		assertThat(file.rewrite(file.testCases().stream().map(TestCase::expected).toList())).isEqualTo(content);
	}

	@Test
	void rewritingReplacesOutputsAndUsesTheDoubleSeparatorForBlankLines() {
		DataDrivenFile file = DataDrivenFile.parse("f.txt", "a\n----\nold\n\nb\n----\nold\n");
		assertThat(file.rewrite(List.of("new\n", "p\n\nq\n"))).isEqualTo("a\n----\nnew\n\nb\n----\n----\np\n\nq\n----\n----\n");
	}

	@Test
	void unbalancedParenthesesAreReportedWithTheirPosition() {
		assertThatIllegalArgumentException().isThrownBy(() -> DataDrivenFile.parse("f.txt", "\ncmd a=(1,2\n----\n"))
			.withMessageStartingWith("f.txt:2: ");
	}

	@Test
	void theDiffMarksExpectedAndActualLines() {
		assertThat(LineDiff.diff("a\nb\nc\n", "a\nB\nc\nd\n")).isEqualTo("  a\n- b\n+ B\n  c\n+ d\n");
		assertThat(LineDiff.diff("a\n", "a")).isEqualTo("  a\n(the outputs differ in their final newline)\n");
	}

}
