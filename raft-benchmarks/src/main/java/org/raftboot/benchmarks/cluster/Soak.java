package org.raftboot.benchmarks.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Supplier;

import org.raftboot.benchmarks.Report;
import org.raftboot.server.RaftServer;

/**
 * The memory soak: the throughput load for {@code --soak} (snapshots every 10,000 entries and
 * compaction on, as by default), the heap measured after a full GC every {@code --soak-interval}.
 * Run it in the heap under test ({@code -Xmx512m}); growth is the last sample minus the first one
 * after the warm-up.
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
		this.report.note("soak for " + this.options.soak() + " in a " + maxHeapMiB + " MiB heap");
		try (BenchCluster cluster = BenchCluster.start(this.options.dir(), this.options.nodes(), this.options.fsync(),
				this.options.ioThreads())) {
			RaftServer leader = cluster.awaitLeader(Duration.ofSeconds(30));
			ClosedLoop load = new ClosedLoop(() -> leader.propose(this.proposal.get())).start(this.options.proposers());
			Thread.sleep(this.options.warmup().toMillis());
			long first = afterGc();
			this.report.figure("soak.heap_after_gc.0s", first, "MiB");
			long last = first;
			long completed = 0;
			long failed = 0;
			long elapsed = 0;
			long end = System.nanoTime() + this.options.soak().toNanos();
			while (System.nanoTime() < end) {
				ClosedLoop.Window window = load.measure(this.options.soakInterval().toNanos(), this.cpu);
				completed += window.completed();
				failed += window.failed();
				elapsed += window.elapsedNanos();
				last = afterGc();
				this.report.figure("soak.heap_after_gc." + elapsed / 1_000_000_000 + "s", last, "MiB");
			}
			load.stop();
			this.report.figure("soak.throughput", completed * 1e9 / Math.max(1, elapsed), "ops/s");
			this.report.figure("soak.failed", failed, "ops");
			this.report.figure("soak.snapshots_taken", leader.snapshotsTaken(), "snapshots");
			this.report.atMost("soak.heap_growth", last - first, "MiB", maxHeapMiB / 10);
		}
	}

	private static long afterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
	}
}
