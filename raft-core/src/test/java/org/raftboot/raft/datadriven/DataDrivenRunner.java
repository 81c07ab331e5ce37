package org.raftboot.raft.datadriven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a folder of etcd raft's data-driven conformance vectors, one {@link DynamicTest} per file so
 * that a report names exactly which files pass. The folder lives outside the repository; the build
 * points at it with {@code -Draft.conformance.dir=...}:
 * <ul>
 * <li>property absent or blank: a single skipped test that says how to run the vectors;</li>
 * <li>property set but the folder missing or without {@code .txt} files: a failing test;</li>
 * <li>{@code -Draft.conformance.rewrite=<dir>}: each file is also written, with the actual outputs,
 * to {@code <dir>/<subdir>/<file>}, so {@code diff -u} shows every difference at once.</li>
 * </ul>
 * Relative paths are resolved against the project root ({@code raft.project.root}, set by the
 * build), else the working directory.
 */
public final class DataDrivenRunner {

	/** The folder holding etcd raft's vectors (its {@code testdata}, {@code quorum/testdata}, ...). */
	public static final String DIR_PROPERTY = "raft.conformance.dir";

	/** A scratch folder to write rewritten copies of the vector files to. */
	public static final String REWRITE_PROPERTY = "raft.conformance.rewrite";

	static final String ROOT_PROPERTY = "raft.project.root";

	private static final int MAX_REPORTED_MISMATCHES = 3;

	private DataDrivenRunner() {
	}

	/**
	 * The tests for the {@code .txt} files of {@code subdir} (e.g. {@code quorum/testdata}) of the
	 * conformance folder, in file name order. Each file gets a fresh handler from
	 * {@code handlerPerFile}, which then sees the file's directives in order and returns each one's
	 * output.
	 */
	public static Stream<DynamicTest> conformanceTests(String subdir, Supplier<Function<TestCase, String>> handlerPerFile) {
		return conformanceTests(System.getProperty(DIR_PROPERTY), System.getProperty(REWRITE_PROPERTY), subdir,
				handlerPerFile);
	}

	static Stream<DynamicTest> conformanceTests(@Nullable String baseDir, @Nullable String rewriteDir, String subdir,
			Supplier<Function<TestCase, String>> handlerPerFile) {
		if (isBlank(baseDir)) {
			String message = "etcd raft's conformance vectors in " + subdir + " were skipped: run with -D" + DIR_PROPERTY
					+ "=../shared/etcd-raft-testdata";
			return Stream.of(DynamicTest.dynamicTest(subdir + " (conformance vectors not configured)", () -> {
				System.out.println("[datadriven] " + message);
				Assumptions.abort(message);
			}));
		}
		Path base = resolve(baseDir);
		Path dir = base.resolve(subdir).normalize();
		List<Path> files = txtFiles(dir);
		if (files.isEmpty()) {
			return Stream.of(DynamicTest.dynamicTest(subdir + " (no vectors found)", () -> {
				throw new AssertionFailedError("no .txt files in " + dir + " (-D" + DIR_PROPERTY + "=" + baseDir + ")");
			}));
		}
		Path rewriteTarget = isBlank(rewriteDir) ? null : resolve(rewriteDir).resolve(subdir).normalize();
		if (rewriteTarget != null && rewriteTarget.startsWith(base)) {
			return Stream.of(DynamicTest.dynamicTest(subdir + " (bad rewrite folder)", () -> {
				throw new AssertionFailedError("-D" + REWRITE_PROPERTY + " must point outside the vectors folder " + base
						+ ", not to " + rewriteTarget);
			}));
		}
		Summary summary = new Summary(subdir, files.size());
		System.out.printf("[datadriven] %s: running %d files from %s%n", subdir, files.size(), dir);
		return files.stream()
			.map((file) -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
					() -> summary.record(() -> runFile(file, handlerPerFile.get(), rewriteTarget))))
			.onClose(summary::print);
	}

	/**
	 * Runs every directive of {@code file} through {@code handler} and fails, listing the
	 * differences, if any output differs from the expected one. With {@code rewriteDir} the file is
	 * also written there with the actual outputs.
	 * @return the number of directives run
	 */
	static int runFile(Path file, Function<TestCase, String> handler, @Nullable Path rewriteDir) {
		String fileName = file.getFileName().toString();
		DataDrivenFile parsed = DataDrivenFile.parse(fileName, read(file));
		List<TestCase> testCases = parsed.testCases();
		List<String> actuals = new ArrayList<>();
		List<String> mismatches = new ArrayList<>();
		AssertionFailedError failure = null;
		for (TestCase tc : testCases) {
			String actual;
			try {
				actual = normalize(handler.apply(tc));
			}
			catch (RuntimeException | AssertionError ex) {
				failure = new AssertionFailedError(tc.where() + ": `" + tc.directive() + "` threw " + ex, ex);
				break;
			}
			actuals.add(actual);
			if (!actual.equals(tc.expected())) {
				mismatches.add(tc.where() + ": output of `" + tc.directive() + "` differs (- expected, + actual):\n"
						+ LineDiff.diff(tc.expected(), actual));
				if (failure == null) {
					failure = new AssertionFailedError(null, tc.expected(), actual);
				}
			}
		}
		if (rewriteDir != null) {
			// Directives not run (after an exception) keep their expected output.
			testCases.subList(actuals.size(), testCases.size()).forEach((tc) -> actuals.add(tc.expected()));
			write(rewriteDir.resolve(fileName), parsed.rewrite(actuals));
		}
		if (failure != null) {
			throw report(fileName, failure, mismatches, rewriteDir);
		}
		return testCases.size();
	}

	private static AssertionFailedError report(String fileName, AssertionFailedError failure, List<String> mismatches,
			@Nullable Path rewriteDir) {
		StringBuilder message = new StringBuilder();
		if (!mismatches.isEmpty()) {
			message.append(fileName).append(": ").append(mismatches.size()).append(" directive(s) differ\n");
			mismatches.stream().limit(MAX_REPORTED_MISMATCHES).forEach((m) -> message.append(m).append('\n'));
			if (mismatches.size() > MAX_REPORTED_MISMATCHES) {
				message.append("... and ").append(mismatches.size() - MAX_REPORTED_MISMATCHES).append(" more\n");
			}
		}
		if (failure.getMessage() != null && failure.getCause() != null) {
			message.append(failure.getMessage()).append('\n');
		}
		message.append((rewriteDir != null) ? "rewritten copy: " + rewriteDir.resolve(fileName)
				: "rerun with -D" + REWRITE_PROPERTY + "=<scratch dir> and diff -u to see every difference");
		if (failure.getCause() != null) {
			return new AssertionFailedError(message.toString(), failure.getCause());
		}
		return new AssertionFailedError(message.toString(), failure.getExpected().getValue(),
				failure.getActual().getValue());
	}

	/** The datadriven rule: a non-empty output always ends in a newline. */
	static String normalize(String actual) {
		return (actual.isEmpty() || actual.endsWith("\n")) ? actual : actual + "\n";
	}

	private static List<Path> txtFiles(Path dir) {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.filter((p) -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path resolve(String path) {
		Path p = Path.of(path);
		if (!p.isAbsolute()) {
			String root = System.getProperty(ROOT_PROPERTY);
			p = isBlank(root) ? p.toAbsolutePath() : Path.of(root).resolve(p);
		}
		return p.normalize();
	}

	private static boolean isBlank(@Nullable String s) {
		return s == null || s.isBlank();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Counts the files of one suite and prints the tally once the suite is done. */
	private static final class Summary {

		private final String subdir;

		private final int files;

		private final AtomicInteger passed = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		private final AtomicInteger directives = new AtomicInteger();

		Summary(String subdir, int files) {
			this.subdir = subdir;
			this.files = files;
		}

		void record(Supplier<Integer> run) {
			boolean ok = false;
			try {
				this.directives.addAndGet(run.get());
				ok = true;
			}
			finally {
				(ok ? this.passed : this.failed).incrementAndGet();
			}
		}

		void print() {
			System.out.printf("[datadriven] %s: %d of %d files run, %d passed, %d failed (%d directives in passing files)%n",
					this.subdir, this.passed.get() + this.failed.get(), this.files, this.passed.get(), this.failed.get(),
					this.directives.get());
		}

	}

}
