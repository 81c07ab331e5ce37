package org.raftboot.benchmarks;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;

import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.ProfilersFailedException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The benchmarks jar's entry point: JMH's command line and JMH's own output, then one summary line
 * per result ({@link JmhFigures}), which JMH's {@link Main} does not print. What is not a run (help,
 * lists, options JMH cannot parse) and a run refused before any benchmark started (no benchmark
 * matches, a profiler is missing) are handed to JMH's {@code Main}, so that they print and exit as
 * there; a run that fails later throws, as JMH's own {@code Runner} does.
 */
public final class JmhMain {

	private JmhMain() {
	}

	public static void main(String[] args) throws Exception {
		Optional<CommandLineOptions> options = parse(args);
		if (options.isEmpty() || !isRun(options.get())) {
			Main.main(args);
			return;
		}
		Collection<RunResult> results;
		try {
			results = new Runner(options.get()).run();
		}
		catch (NoBenchmarksException | ProfilersFailedException ex) {
			Main.main(args);
			return;
		}
		printFigures(options.get(), results);
	}

	/** After JMH's output: on standard output, or at the end of the file JMH wrote to ({@code -o}). */
	private static void printFigures(CommandLineOptions options, Collection<RunResult> results)
			throws IOException {
		if (!options.getOutput().hasValue()) {
			JmhFigures.print(System.out, results);
			return;
		}
		try (PrintStream out = new PrintStream(new FileOutputStream(options.getOutput().get(), true), true,
				StandardCharsets.UTF_8)) {
			JmhFigures.print(out, results);
		}
	}

	private static Optional<CommandLineOptions> parse(String[] args) {
		try {
			return Optional.of(new CommandLineOptions(args));
		}
		catch (CommandLineOptionException ex) {
			return Optional.empty();
		}
	}

	private static boolean isRun(CommandLineOptions options) {
		return !(options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
				|| options.shouldListProfilers() || options.shouldListResultFormats());
	}
}
