package org.raftboot.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints one line per figure, {@code key=value} fields separated by spaces, always in the same
 * order, so that scripts can compare runs of every tool of this module (the cluster tools and JMH):
 * <pre>
 * RAFTBOOT-BENCH figure=throughput value=41250.3 unit=ops/s bar=&gt;=40000 met=yes nodes=3 value_bytes=128 fsync=on cores=2 load=2.10,1.80,1.95
 * </pre>
 * {@code bar} and {@code met} are {@code -} for figures without a bar (or a run of another shape);
 * {@code load} is the system load average (1, 5, 15 minutes) when the figure was taken.
 */
public final class Report {

	private static final String PREFIX = "RAFTBOOT-BENCH";

	private static final MathContext SIGNIFICANT_DIGITS = new MathContext(3);

	private final PrintStream out;

	private final String shape;

	/** {@code shape}: the run's parameters, {@code key=value} separated by spaces, on every line. */
	public Report(PrintStream out, String shape) {
		this.out = out;
		this.shape = shape;
	}

	/** A figure without a bar. */
	public void figure(String name, double value, String unit) {
		line(name, value, unit, "-", "-");
	}

	/** A figure that must be at most {@code bar}. */
	public void atMost(String name, double value, String unit, double bar) {
		line(name, value, unit, "<=" + format(bar), (value <= bar) ? "yes" : "no");
	}

	/** A figure that must be under {@code bar} (the "in under 2 s"). */
	public void under(String name, double value, String unit, double bar) {
		line(name, value, unit, "<" + format(bar), (value < bar) ? "yes" : "no");
	}

	/** A figure that must be at least {@code bar}. */
	public void atLeast(String name, double value, String unit, double bar) {
		line(name, value, unit, ">=" + format(bar), (value >= bar) ? "yes" : "no");
	}

	/** Progress for humans, marked so that scripts skip it. */
	public void note(String text) {
		this.out.println("# " + text);
	}

	private void line(String name, double value, String unit, String bar, String met) {
		this.out.printf(Locale.ROOT, "%s figure=%s value=%s unit=%s bar=%s met=%s %s cores=%d load=%s%n", PREFIX, name,
				format(value), unit, bar, met, this.shape, Runtime.getRuntime().availableProcessors(), loadAverage());
	}

	/**
	 * Whole numbers as they are, others with one decimal, or with three significant digits below 1,
	 * so that a small figure (a score in seconds, a slope) does not print as 0.0.
	 */
	static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		if (Math.abs(value) >= 1 || Double.isNaN(value)) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return new BigDecimal(value).round(SIGNIFICANT_DIGITS).stripTrailingZeros().toPlainString();
	}

	/** The 1, 5 and 15 minute load averages, or the JVM's 1 minute figure where /proc is missing. */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + "," + fields[1] + "," + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return String.format(Locale.ROOT, "%.2f",
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}
}
