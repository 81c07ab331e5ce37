package org.raftboot.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One timer thread, {@code raft-tick}, that ticks every {@link RaftServer} of the JVM whose node has a
 * thread of its own (a server on the transport's event loop is ticked from there: {@link LoopTicker}),
 * instead of a thread per server: ticks are aligned on a grid of their interval, so that servers with the same
 * interval are ticked by one wake-up of the timer. On a small machine a thread wake-up costs about
 * as much CPU as everything an idle member does in a tick. The thread lives while some server runs.
 */
final class TickTimer {

	private static @Nullable ScheduledThreadPoolExecutor executor;

	private static int users;

	private TickTimer() {
	}

	/** Runs {@code tick} every {@code interval} until the returned future is cancelled ({@link #stop}). */
	static synchronized ScheduledFuture<?> start(Duration interval, Runnable tick) {
		ScheduledThreadPoolExecutor timer = executor;
		if (timer == null) {
			timer = new ScheduledThreadPoolExecutor(1, (r) -> {
				Thread t = new Thread(r, "raft-tick");
				t.setDaemon(true);
				return t;
			});
			timer.setRemoveOnCancelPolicy(true);
			executor = timer;
		}
		long period = interval.toNanos();
		long firstDelay = period - Math.floorMod(System.nanoTime(), period);
		ScheduledFuture<?> ticking = timer.scheduleAtFixedRate(tick, firstDelay, period, TimeUnit.NANOSECONDS);
		users++;
		return ticking;
	}

	/** Stops ticking a server (once per {@link #start}); the thread ends with the last one. */
	static synchronized void stop(ScheduledFuture<?> ticking) {
		ticking.cancel(false);
		users--;
		ScheduledThreadPoolExecutor timer = executor;
		if (users == 0 && timer != null) {
			timer.shutdown();
			executor = null;
		}
	}
}
