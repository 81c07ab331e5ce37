package org.raftboot.benchmarks.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: {@code width} requests always outstanding; each completion records its latency
 * and issues the next request from the completing thread (no client threads, so the process CPU is
 * the library's). {@link #measure} counts completions and latencies of one window.
 */
final class ClosedLoop {

	private final Supplier<CompletableFuture<?>> request;

	private final Recorder latencies = new Recorder(3);

	private final AtomicLong completed = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong outstanding = new AtomicLong();

	private volatile boolean running = true;

	ClosedLoop(Supplier<CompletableFuture<?>> request) {
		this.request = request;
	}

	/** Starts {@code width} request chains. */
	ClosedLoop start(int width) {
		for (int i = 0; i < width; i++) {
			this.outstanding.incrementAndGet();
			issue();
		}
		return this;
	}

	/** Discards what was recorded so far (the warm-up), runs for {@code nanos} and returns the window. */
	Window measure(long nanos, CpuClock cpu) throws InterruptedException {
		this.latencies.reset();
		long completedBefore = this.completed.get();
		long failedBefore = this.failed.get();
		long cpuBefore = cpu.processNanos();
		long start = System.nanoTime();
		Thread.sleep(nanos / 1_000_000);
		long elapsed = System.nanoTime() - start;
		long cpuUsed = cpu.processNanos() - cpuBefore;
		Histogram histogram = this.latencies.getIntervalHistogram();
		return new Window(this.completed.get() - completedBefore, this.failed.get() - failedBefore, elapsed, cpuUsed,
				histogram);
	}

	/** Stops issuing and waits until every chain ended. */
	void stop() throws InterruptedException {
		this.running = false;
		while (this.outstanding.get() > 0) {
			Thread.sleep(5);
		}
	}

	private void issue() {
		if (!this.running) {
			this.outstanding.decrementAndGet();
			return;
		}
		long start = System.nanoTime();
		this.request.get().whenComplete((result, failure) -> {
			if (failure == null) {
				this.latencies.recordValue(System.nanoTime() - start);
				this.completed.incrementAndGet();
			}
			else {
				this.failed.incrementAndGet();
			}
			issue();
		});
	}

	/** What one measured window saw. */
	record Window(long completed, long failed, long elapsedNanos, long cpuNanos, Histogram latencies) {

		double perSecond() {
			return this.completed * 1e9 / this.elapsedNanos;
		}

		double cpuMicrosPerOp() {
			return (this.completed == 0) ? Double.NaN : this.cpuNanos / 1000.0 / this.completed;
		}
	}
}
