package org.raftboot.benchmarks;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH's results as the module's summary lines ({@link Report}), so that a script compares JMH runs
 * as it compares the cluster tools' runs: one line per benchmark and combination of parameters, named
 * {@code jmh.<class>.<method>.<param>=<value>...}, with JMH's primary score and its unit, and the
 * issue's bar where it sets one.
 */
final class JmhFigures {

	private static final String REOPEN = "StorageReopenBenchmark.reopen";

	private JmhFigures() {
	}

	static void print(PrintStream out, Collection<RunResult> results) {
		for (RunResult result : results) {
			BenchmarkParams params = result.getParams();
			String benchmark = classAndMethod(params.getBenchmark());
			SortedMap<String, String> values = new TreeMap<>();
			params.getParamsKeys().forEach((key) -> values.put(key, params.getParam(key)));
			Report report = new Report(out, shape(params.getMode(), params.getForks(), params.getThreads(),
					params.getWarmup(), params.getMeasurement()));
			Result<?> score = result.getPrimaryResult();
			String name = name(benchmark, values);
			OptionalDouble bar = bar(benchmark, values, params.getMode(), params.getTimeUnit());
			if (bar.isPresent()) {
				report.under(name, score.getScore(), score.getScoreUnit(), bar.getAsDouble());
			}
			else {
				report.figure(name, score.getScore(), score.getScoreUnit());
			}
		}
	}

	/** {@code jmh.<class>.<method>} followed by {@code .<param>=<value>} in the order of the parameters' names. */
	static String name(String benchmark, SortedMap<String, String> params) {
		StringBuilder name = new StringBuilder("jmh.").append(benchmark);
		params.forEach((key, value) -> name.append('.').append(key).append('=').append(value));
		return name.toString();
	}

	/**
	 * The bar for a benchmark, in the unit of its score ({@code unit} per operation), if it has
	 * one; a throughput score (operations per unit) is not judged.
	 */
	static OptionalDouble bar(String benchmark, Map<String, String> params, Mode mode, TimeUnit unit) {
		boolean millionEntries = Integer.toString(RecoveryLog.ENTRIES).equals(params.get("entries"));
		if (!benchmark.equals(REOPEN) || !millionEntries || mode == Mode.Throughput) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of((double) RecoveryLog.BAR.toNanos() / unit.toNanos(1));
	}

	/** The run's shape on every line: mode, forks, threads, and the warm-up and measured iterations. */
	static String shape(Mode mode, int forks, int threads, IterationParams warmup, IterationParams measurement) {
		return "shape=jmh mode=" + mode.shortLabel() + " forks=" + forks + " threads=" + threads + " warmup="
				+ iterations(mode, warmup) + " iterations=" + iterations(mode, measurement);
	}

	/** {@code <count>x<time>}, or the count alone where each iteration is one call (single shot). */
	private static String iterations(Mode mode, IterationParams iterations) {
		if (mode == Mode.SingleShotTime) {
			return Integer.toString(iterations.getCount());
		}
		TimeValue time = iterations.getTime();
		return iterations.getCount() + "x" + time.getTime() + TimeValue.tuToString(time.getTimeUnit());
	}

	/** {@code org.raftboot.benchmarks.Foo.bar} to {@code Foo.bar}. */
	private static String classAndMethod(String benchmark) {
		int method = benchmark.lastIndexOf('.');
		return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
	}
}
