package org.raftboot.transport;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnection delays: doubling from the minimum up to the maximum, each drawn uniformly from its upper
 * half so that peers who lost each other at the same moment do not retry in lockstep.
 */
final class Backoff {

	private final long minNanos;

	private final long maxNanos;

	private final RandomGenerator random;

	Backoff(Duration min, Duration max, RandomGenerator random) {
		this.minNanos = min.toNanos();
		this.maxNanos = max.toNanos();
		this.random = random;
	}

	/** The delay after {@code failures} consecutive failures (at least 1). */
	long delayNanos(int failures) {
		int shift = Math.min(Math.max(failures, 1) - 1, 62);
		long ceiling = (this.minNanos > (this.maxNanos >> shift)) ? this.maxNanos : this.minNanos << shift;
		long half = ceiling / 2;
		return ceiling - half + this.random.nextLong(half + 1);
	}
}
