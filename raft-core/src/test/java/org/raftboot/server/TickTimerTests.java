package org.raftboot.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The timer thread shared by the servers of a JVM. */
class TickTimerTests {

	private static final Duration INTERVAL = Duration.ofMillis(1);

	@Test
	void theTicksOfTwoServersRunOnOneThread() {
		Set<Thread> first = ConcurrentHashMap.newKeySet();
		Set<Thread> second = ConcurrentHashMap.newKeySet();
		ScheduledFuture<?> a = TickTimer.start(INTERVAL, () -> first.add(Thread.currentThread()));
		ScheduledFuture<?> b = TickTimer.start(INTERVAL, () -> second.add(Thread.currentThread()));
		try {
			await().until(() -> !first.isEmpty() && !second.isEmpty());
			assertThat(first).hasSize(1).isEqualTo(second);
			assertThat(first.iterator().next().getName()).isEqualTo("raft-tick");
		}
		finally {
			TickTimer.stop(a);
			TickTimer.stop(b);
		}
	}

	@Test
	void aStoppedServerIsNoLongerTickedAndALaterOneIsTickedAgain() {
		AtomicInteger ticks = new AtomicInteger();
		ScheduledFuture<?> a = TickTimer.start(INTERVAL, ticks::incrementAndGet);
		await().until(() -> ticks.get() > 0);
		TickTimer.stop(a);
		assertThat(a.isCancelled()).isTrue();

		AtomicInteger later = new AtomicInteger();
		ScheduledFuture<?> b = TickTimer.start(INTERVAL, later::incrementAndGet);
		try {
			await().until(() -> later.get() > 0);
		}
		finally {
			TickTimer.stop(b);
		}
	}
}
