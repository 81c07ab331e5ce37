package org.raftboot.benchmarks.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: {@code width} requests always outstanding. With {@link #startThreads} each is a
 * client thread that waits for its request's outcome and then issues the next, as blocking callers
 * do: the latency runs until that thread is awake again, and the process CPU includes the wake-ups.
 * With {@link #start} each completion issues the next request from the completing thread, a library
 * thread (no client threads). {@link #measure} counts completions and latencies of one window;
 * failures are counted apart, and their latency is recorded too.
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

	/** Starts {@code width} client threads, each issuing its next request once the last one ended. */
	ClosedLoop startThreads(int width) {
		for (int i = 0; i < width; i++) {
			this.outstanding.incrementAndGet();
			Thread client = new Thread(this::client, "bench-client-" + i);
			client.setDaemon(true);
			client.start();
		}
		return this;
	}

	/** Starts {@code width} request chains, each issuing its next request from the completing thread. */
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

	private void client() {
		while (this.running) {
			long start = System.nanoTime();
			boolean ok;
			try {
				this.request.get().get();
				ok = true;
			}
			catch (ExecutionException ex) {
				ok = false;
			}
			catch (InterruptedException ex) {
				break;
			}
			record(start, ok);
		}
		this.outstanding.decrementAndGet();
	}

	private void issue() {
		if (!this.running) {
			this.outstanding.decrementAndGet();
			return;
		}
		long start = System.nanoTime();
		this.request.get().whenComplete((result, failure) -> {
			record(start, failure == null);
			issue();
		});
	}

	private void record(long start, boolean ok) {
		this.latencies.recordValue(System.nanoTime() - start);
		(ok ? this.completed : this.failed).incrementAndGet();
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
