package org.raftboot.transport;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private static final long MS = 1_000_000;

	private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new SplittableRandom(7));

	@Test
	void theDelayDoublesWithEachFailureWithinTheUpperHalfOfItsCeiling() {
		for (int i = 0; i < 1000; i++) {
			assertThat(this.backoff.delayNanos(1)).isBetween(50 * MS, 100 * MS);
			assertThat(this.backoff.delayNanos(2)).isBetween(100 * MS, 200 * MS);
			assertThat(this.backoff.delayNanos(4)).isBetween(400 * MS, 800 * MS);
		}
	}

	@Test
	void theDelayNeverExceedsTheMaximumEvenAfterCountlessFailures() {
		for (int failures : new int[] { 7, 30, 63, 64, 1000, Integer.MAX_VALUE }) {
			assertThat(this.backoff.delayNanos(failures)).isBetween(2500 * MS, 5000 * MS);
		}
	}

	@Test
	void theDelaysAreSpreadSoThatPeersDoNotRetryInLockstep() {
		long first = this.backoff.delayNanos(3);
		boolean varied = false;
		for (int i = 0; i < 20 && !varied; i++) {
			varied = this.backoff.delayNanos(3) != first;
		}
		assertThat(varied).isTrue();
	}
}
