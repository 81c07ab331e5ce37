package org.raftboot.benchmarks.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Supplier;

import org.raftboot.benchmarks.Report;
import org.raftboot.server.RaftServer;

/**
 * The memory soak: the throughput load for {@code --soak} (snapshots every 100,000 entries and
 * compaction on, as by default), the heap measured after a full GC every {@code --soak-interval}.
 * Run it in the heap under test ({@code -Xmx512m}); the samples after the warm-up are judged by their
 * trend ({@link HeapTrend}).
 */
final class Soak {

	private final BenchOptions options;

	private final Report report;

	private final Supplier<byte[]> proposal;

	private final CpuClock cpu = new CpuClock();

	Soak(BenchOptions options, Report report, Supplier<byte[]> proposal) {
		this.options = options;
		this.report = report;
		this.proposal = proposal;
	}

	void run() throws Exception {
		long maxHeapMiB = Runtime.getRuntime().maxMemory() >> 20;
		HeapTrend trend = new HeapTrend();
		this.report.note("soak for " + this.options.soak() + " in a " + maxHeapMiB + " MiB heap");
		try (BenchCluster cluster = BenchCluster.start(this.options.dirs(), this.options.fsync(), this.options.ioThreads())) {
			RaftServer leader = cluster.awaitLeader(Duration.ofSeconds(30));
			ClosedLoop load = new ClosedLoop(() -> leader.propose(this.proposal.get())).start(this.options.proposers());
			Thread.sleep(this.options.warmup().toMillis());
			sample(trend, 0);
			long completed = 0;
			long failed = 0;
			long elapsed = 0;
			long end = System.nanoTime() + this.options.soak().toNanos();
			while (System.nanoTime() < end) {
				ClosedLoop.Window window = load.measure(this.options.soakInterval().toNanos(), this.cpu);
				completed += window.completed();
				failed += window.failed();
				elapsed += window.elapsedNanos();
				sample(trend, elapsed);
			}
			load.stop();
			this.report.figure("soak.throughput", completed * 1e9 / Math.max(1, elapsed), "ops/s");
			this.report.figure("soak.failed", failed, "ops");
			this.report.figure("soak.snapshots_taken", leader.snapshotsTaken(), "snapshots");
			trend.report(this.report, maxHeapMiB);
		}
	}

	/** The heap after a full GC, {@code elapsedNanos} into the soak: a figure and a sample of the trend. */
	private void sample(HeapTrend trend, long elapsedNanos) {
		System.gc();
		double mib = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (double) (1 << 20);
		this.report.figure("soak.heap_after_gc." + elapsedNanos / 1_000_000_000 + "s", mib, "MiB");
		trend.add(elapsedNanos / 1e9, mib);
	}
}
