package org.raftboot.raft.datadriven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDrivenRunnerTests {

	private static final String COUNTER_FILE = """
			# counts the directives of a file
			next
			----
			1

			next by=2
			----
			3
			""";

	@TempDir
	Path dir;

	/** A handler that keeps a counter across the directives of one file. */
	private static Supplier<Function<TestCase, String>> counters() {
		return () -> {
			long[] count = { 0 };
			return (tc) -> Long.toString(count[0] += Long.parseLong(tc.argValue("by", "1")));
		};
	}

	private List<DynamicTest> tests(@Nullable String baseDir, @Nullable String rewriteDir) {
		return DataDrivenRunner.conformanceTests(baseDir, rewriteDir, "vectors", counters()).toList();
	}

	private Path vectors() throws IOException {
		return Files.createDirectories(this.dir.resolve("shared/vectors"));
	}

	@Test
	void withoutTheDirectoryPropertyTheSuiteIsSkippedSayingHowToRunIt() {
		for (@Nullable String unset : new @Nullable String[] { null, " " }) {
			List<DynamicTest> tests = tests(unset, null);
			assertThat(tests).singleElement().satisfies((test) -> assertThatThrownBy(() -> test.getExecutable().execute())
				.isInstanceOf(TestAbortedException.class)
				.hasMessageContaining("-Draft.conformance.dir=../shared/etcd-raft-testdata"));
		}
	}

	@Test
	void aMissingDirectoryFailsTheSuite() {
		List<DynamicTest> tests = tests(this.dir.resolve("nowhere").toString(), null);
		assertThat(tests).singleElement().satisfies((test) -> assertThatThrownBy(() -> test.getExecutable().execute())
			.isInstanceOf(AssertionFailedError.class)
			.hasMessageContaining("no .txt files"));
	}

	@Test
	void aDirectoryWithoutTxtFilesFailsTheSuite() throws IOException {
		Files.writeString(vectors().resolve("README.md"), "not a vector");
		List<DynamicTest> tests = tests(this.dir.resolve("shared").toString(), null);
		assertThat(tests).singleElement().satisfies((test) -> assertThatThrownBy(() -> test.getExecutable().execute())
			.isInstanceOf(AssertionFailedError.class));
	}

	@Test
	void everyFileIsOneTestInNameOrderWithItsOwnHandler() throws Throwable {
		Path vectors = vectors();
		Files.writeString(vectors.resolve("b.txt"), COUNTER_FILE);
		Files.writeString(vectors.resolve("a.txt"), COUNTER_FILE);
		Files.writeString(vectors.resolve("notes.md"), "ignored");
		List<DynamicTest> tests = tests(this.dir.resolve("shared").toString(), null);
		assertThat(tests).extracting(DynamicTest::getDisplayName).containsExactly("a.txt", "b.txt");
		for (DynamicTest test : tests) {
			test.getExecutable().execute();
		}
	}

	@Test
	void aChangedExpectedLineFailsThatFileOnly() throws Throwable {
		Path vectors = vectors();
		Files.writeString(vectors.resolve("good.txt"), COUNTER_FILE);
		Files.writeString(vectors.resolve("bad.txt"), COUNTER_FILE.replace("3\n", "4\n"));
		List<DynamicTest> tests = tests(this.dir.resolve("shared").toString(), null);
		assertThat(tests).extracting(DynamicTest::getDisplayName).containsExactly("bad.txt", "good.txt");
		assertThatThrownBy(() -> tests.get(0).getExecutable().execute()).isInstanceOf(AssertionFailedError.class)
			.hasMessageContaining("bad.txt:6: output of `next by=2` differs")
			.hasMessageContaining("- 4\n+ 3\n")
			.satisfies((ex) -> {
				AssertionFailedError failure = (AssertionFailedError) ex;
				assertThat(failure.getExpected().getValue()).isEqualTo("4\n");
				assertThat(failure.getActual().getValue()).isEqualTo("3\n");
			});
		tests.get(1).getExecutable().execute();
	}

	@Test
	void theRunnerAppendsTheFinalNewlineToNonEmptyOutput() throws IOException {
		Path file = Files.writeString(this.dir.resolve("f.txt"), "a\n----\nx\n\nb\n----\n\nc\n----\ny\n");
		List<String> outputs = new ArrayList<>(List.of("x", "", "y\n"));
		assertThat(DataDrivenRunner.runFile(file, (tc) -> outputs.remove(0), null)).isEqualTo(3);
	}

	@Test
	void anExceptionInTheHandlerFailsTheFileNamingTheDirective() throws IOException {
		Path file = Files.writeString(this.dir.resolve("f.txt"), "ok\n----\nfine\n\nboom arg\n----\nx\n");
		assertThatThrownBy(() -> DataDrivenRunner.runFile(file, (tc) -> {
			if (tc.cmd().equals("boom")) {
				throw new IllegalStateException("broken");
			}
			return "fine";
		}, null)).isInstanceOf(AssertionFailedError.class)
			.hasMessageContaining("f.txt:5: `boom arg` threw java.lang.IllegalStateException: broken")
			.hasRootCauseMessage("broken");
	}

	@Test
	void rewriteModeWritesAFullCopyWithTheActualOutputs() throws Throwable {
		Path vectors = vectors();
		Files.writeString(vectors.resolve("same.txt"), COUNTER_FILE);
		Files.writeString(vectors.resolve("changed.txt"), COUNTER_FILE.replace("3\n", "4\n"));
		Path scratch = this.dir.resolve("scratch");
		List<DynamicTest> tests = tests(this.dir.resolve("shared").toString(), scratch.toString());
		assertThatThrownBy(() -> tests.get(0).getExecutable().execute()).hasMessageContaining("rewritten copy: ");
		tests.get(1).getExecutable().execute();
		assertThat(scratch.resolve("vectors/changed.txt")).hasContent(COUNTER_FILE);
		assertThat(scratch.resolve("vectors/same.txt")).hasContent(COUNTER_FILE);
		assertThat(vectors.resolve("changed.txt")).hasContent(COUNTER_FILE.replace("3\n", "4\n"));
	}

	@Test
	void rewriteModeRefusesToWriteIntoTheVectorsFolder() throws Throwable {
		Files.writeString(vectors().resolve("a.txt"), COUNTER_FILE);
		String shared = this.dir.resolve("shared").toString();
		List<DynamicTest> tests = tests(shared, shared);
		assertThat(tests).singleElement().satisfies((test) -> assertThatThrownBy(() -> test.getExecutable().execute())
			.isInstanceOf(AssertionFailedError.class)
			.hasMessageContaining("must point outside"));
		assertThatCode(() -> tests(shared, this.dir.resolve("elsewhere").toString()).get(0).getExecutable().execute())
			.doesNotThrowAnyException();
	}

}
