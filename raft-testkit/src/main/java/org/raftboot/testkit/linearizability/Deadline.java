package org.raftboot.testkit.linearizability;

import java.time.Duration;

/** The end of a check's time budget, on the monotonic clock. */
final class Deadline {

	private final long startNanos;

	private final long budgetNanos;

	private Deadline(long startNanos, long budgetNanos) {
		this.startNanos = startNanos;
		this.budgetNanos = budgetNanos;
	}

	static Deadline after(Duration budget) {
		return new Deadline(System.nanoTime(), budget.isNegative() ? 0 : saturatedNanos(budget));
	}

	boolean isExpired() {
		return System.nanoTime() - this.startNanos >= this.budgetNanos;
	}

	Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.startNanos);
	}

	private static long saturatedNanos(Duration budget) {
		try {
			return budget.toNanos();
		}
		catch (ArithmeticException tooLong) {
			return Long.MAX_VALUE;
		}
	}

}
