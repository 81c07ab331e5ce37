package org.raftboot.benchmarks.cluster;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.HdrHistogram.Histogram;
import org.raftboot.benchmarks.Report;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;

/**
 * The cluster benchmark, one command: the machine's limits, then a cluster of RaftServers in this JVM
 * under (a) 64 concurrent proposers, (b) one sequential proposer, (d) 64 readers through
 * {@code readBarrier()} on a follower and (e) nothing at all, with (c) the process CPU per proposal;
 * or, with {@code --soak}, the heap after GC over a long full load. See {@link BenchOptions#USAGE} and
 * raft-benchmarks/README.md.
 */
public final class ClusterBenchmark {

	private static final long NANOS_PER_MICRO = 1000;

	private static final long JIT_QUIET_MILLIS = 2000;

	private static final long JIT_QUIET_LIMIT_MILLIS = 60_000;

	private static final Duration CLIENT_WAKE_WARMUP = Duration.ofSeconds(2);

	private static final Duration CLIENT_WAKE_WINDOW = Duration.ofSeconds(5);

	/** The state stays about this size whatever the value size: keys are drawn from a bounded range. */
	private static final int STATE_BYTES = 1 << 20;

	private final BenchOptions options;

	private final Report report;

	private final CpuClock cpu = new CpuClock();

	private final int keys;

	private double limitMicros = Double.NaN;

	/**
	 * The same limit with the sync the members take at once, each in its data directory
	 * ({@code limit.fsync_4k_xN.p50} + round trip), µs: what a sequential proposal waits for, whether
	 * the members share one disk or have one each.
	 */
	private double membersSyncLimitMicros = Double.NaN;

	/** The thread group of the members' storage threads, as {@link CpuClock} names it. */
	private static final String STORAGE_THREADS = "raft-storage";

	/** CPU per durable append of the members syncing together ({@code limit.fsync_4k_xN.cpu}), µs. */
	private double syncCpuMicros = Double.NaN;

	private ClusterBenchmark(BenchOptions options, PrintStream out) {
		this.options = options;
		this.report = new Report(out, options.shape());
		this.keys = Math.max(16, STATE_BYTES / options.valueSize());
	}

	public static void main(String[] args) throws Exception {
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		ClusterBenchmark benchmark = new ClusterBenchmark(options, System.out);
		if (options.soak().isZero()) {
			benchmark.run();
		}
		else {
			new Soak(options, benchmark.report, benchmark::proposal).run();
		}
		System.exit(0);
	}

	private void run() throws Exception {
		this.report.note("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
				+ Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap, Java " + System.getProperty("java.version")
				+ ", load " + Report.loadAverage() + "; "
				+ new KernelSettings(Path.of("/sys")).describe(this.options.dirs().stream().map(KernelSettings::deviceOf).toList()));
		if (this.options.runs("limits")) {
			limits();
		}
		try (BenchCluster cluster = BenchCluster.start(this.options.dirs(), this.options.fsync(), this.options.ioThreads())) {
			RaftServer leader = cluster.awaitLeader(Duration.ofSeconds(30));
			this.report.note("cluster of " + this.options.nodes() + " up in " + cluster.roots() + ", leader "
					+ leader.id());
			if (this.options.runs("throughput")) {
				throughput(cluster, leader);
			}
			if (this.options.runs("sequential")) {
				sequential(leader);
			}
			if (this.options.runs("reads")) {
				reads(cluster.follower(leader));
			}
			if (this.options.runs("idle")) {
				idle();
			}
		}
	}

	private void limits() throws Exception {
		LimitProbe.Syncs alone = LimitProbe.fsync(this.options.dirs().subList(0, 1), 2000);
		LimitProbe.Syncs together = LimitProbe.fsync(this.options.dirs(), 2000);
		Histogram fsync = alone.latencies();
		Histogram rtt = LimitProbe.loopbackRoundTrip(20_000);
		this.report.figure("limit.fsync_4k.p50", micros(fsync, 50), "us");
		this.report.figure("limit.fsync_4k.p99", micros(fsync, 99), "us");
		this.report.figure("limit.fsync_4k.cpu", alone.cpuMicrosPerSync(), "us");
		// The members of the cluster sync on this one disk at the same time: what each sync then takes.
		String x = "limit.fsync_4k_x" + this.options.nodes();
		this.report.figure(x + ".p50", micros(together.latencies(), 50), "us");
		this.report.figure(x + ".p99", micros(together.latencies(), 99), "us");
		// What a sync costs the thread that waits for it, to set beside the storage threads' CPU per
		// write (a note of the throughput phase).
		this.report.figure(x + ".cpu", together.cpuMicrosPerSync(), "us");
		this.syncCpuMicros = together.cpuMicrosPerSync();
		this.report.figure("limit.rtt_128.p50", micros(rtt, 50), "us");
		this.report.figure("limit.rtt_128.p99", micros(rtt, 99), "us");
		this.limitMicros = micros(fsync, 50) + micros(rtt, 50);
		this.membersSyncLimitMicros = micros(together.latencies(), 50) + micros(rtt, 50);
		if (this.options.clientThreads()) {
			// What the clients' wake-ups alone cost, with as many threads as the throughput phase has.
			ClosedLoop.Window wakeups = LimitProbe.clientWakeups(this.options.proposers(), CLIENT_WAKE_WARMUP,
					CLIENT_WAKE_WINDOW, this.cpu);
			this.report.figure("limit.client_wake.rate", wakeups.perSecond(), "ops/s");
			this.report.figure("limit.client_wake.cpu", wakeups.cpuMicrosPerOp(), "us");
		}
		if (this.options.runs("idle")) {
			awaitJitQuiet("limit.idle_heartbeats");
			RaftServerConfig timing = RaftServerConfig.builder(1).build();
			this.report.figure("limit.idle_heartbeats",
					LimitProbe.idleHeartbeats(this.options.nodes(),
							timing.tickInterval().multipliedBy(timing.heartbeatTick()), this.options.idle(),
							this.cpu::processNanos),
					"%core");
		}
	}

	private void throughput(BenchCluster cluster, RaftServer leader) throws InterruptedException {
		ClosedLoop load = start(new ClosedLoop(() -> leader.propose(proposal())), this.options.proposers());
		Thread.sleep(this.options.warmup().toMillis());
		Map<String, CpuClock.Use> threadsBefore = this.cpu.byThreadGroup();
		Map<String, Long> allocatedBefore = this.cpu.allocatedByThreadGroup();
		long writesBefore = cluster.writes();
		ClosedLoop.Window window = load.measure(this.options.duration().toNanos(), this.cpu);
		long writes = cluster.writes() - writesBefore;
		threadNotes("throughput", threadsBefore, window.completed());
		allocationNotes("throughput", allocatedBefore, window.completed());
		writeNotes("throughput", threadsBefore, writes, window.completed(), window.elapsedNanos());
		load.stop();
		boolean bar = this.options.referenceShape() && stillLeads(leader, "throughput");
		if (bar) {
			this.report.atLeast("throughput", window.perSecond(), "ops/s", 40_000);
		}
		else {
			this.report.figure("throughput", window.perSecond(), "ops/s");
		}
		this.report.figure("throughput.p50", micros(window.latencies(), 50), "us");
		this.report.figure("throughput.p99", micros(window.latencies(), 99), "us");
		this.report.figure("throughput.p999", micros(window.latencies(), 99.9), "us");
		this.report.figure("throughput.failed", window.failed(), "ops");
		if (bar) {
			this.report.atMost("cpu_per_proposal", window.cpuMicrosPerOp(), "us", 25);
		}
		else {
			this.report.figure("cpu_per_proposal", window.cpuMicrosPerOp(), "us");
		}
	}

	/**
	 * The group commit of the members' storage: writes (each one sync with fsync on), entries per
	 * write, and the storage threads' CPU per write beside that of a bare sync among the limits.
	 */
	private void writeNotes(String phase, Map<String, CpuClock.Use> before, long writes, long ops, long nanos) {
		if (writes == 0 || ops == 0) {
			return;
		}
		CpuClock.Use storage = this.cpu.byThreadGroup()
			.getOrDefault(STORAGE_THREADS, new CpuClock.Use(0, 0))
			.minus(before.getOrDefault(STORAGE_THREADS, new CpuClock.Use(0, 0)));
		String text = String.format(Locale.ROOT,
				"%s: %d storage writes (%.0f per s per member), %.1f entries each, %.1f per op; %s: %.1f us of cpu per write",
				phase, writes, writes * 1e9 / nanos / this.options.nodes(), (double) ops * this.options.nodes() / writes,
				(double) writes / ops, STORAGE_THREADS, storage.cpuNanos() / 1e3 / writes);
		if (this.options.fsync() && !Double.isNaN(this.syncCpuMicros)) {
			text += String.format(Locale.ROOT, " (a bare sync: %.1f, limit.fsync_4k_x%d.cpu)", this.syncCpuMicros,
					this.options.nodes());
		}
		this.report.note(text);
	}

	private void sequential(RaftServer leader) throws InterruptedException {
		ClosedLoop load = start(new ClosedLoop(() -> leader.propose(proposal())), 1);
		Thread.sleep(Math.min(2000, this.options.warmup().toMillis()));
		ClosedLoop.Window window = load.measure(this.options.sequential().toNanos(), this.cpu);
		load.stop();
		double p50 = micros(window.latencies(), 50);
		double p99 = micros(window.latencies(), 99);
		long p50Bar = Math.round(1.5 * this.limitMicros);
		if (this.options.issueShape() && !Double.isNaN(this.limitMicros)
				&& stillLeads(leader, "sequential")) {
			this.report.atMost("sequential.p50", p50, "us", p50Bar);
			this.report.atMost("sequential.p99", p99, "us", Math.round(3 * this.limitMicros));
		}
		else {
			this.report.figure("sequential.p50", p50, "us");
			this.report.figure("sequential.p99", p99, "us");
		}
		this.report.figure("sequential.p999", micros(window.latencies(), 99.9), "us");
		this.report.figure("sequential.rate", window.perSecond(), "ops/s");
		if (this.options.fsync() && !Double.isNaN(this.membersSyncLimitMicros)) {
			this.report.note(membersSyncNote(this.options.nodes(), this.membersSyncLimitMicros, p50Bar));
		}
	}

	/**
	 * The sequential bar counted with the sync the members take at once, and the path's
	 * floor: a commit waits for a follower's sync, taken while the other members sync too (the leader's
	 * overlaps it, as the issue asks), plus the round trip that carries the append and its answer.
	 * {@code membersSyncLimitMicros} is {@code limit.fsync_4k_xN.p50 + limit.rtt_128.p50}, {@code p50Bar}
	 * the judged bar of the p50.
	 */
	static String membersSyncNote(int nodes, double membersSyncLimitMicros, long p50Bar) {
		long floor = Math.round(membersSyncLimitMicros);
		return String.format(Locale.ROOT,
				"sequential: with the members' syncs at once (limit.fsync_4k_x%d.p50) in place of one writer's, "
						+ "1.5 x (fsync + rtt) would be %d us and 3 x %d us; the path's floor, a follower's sync "
						+ "among the members' plus one round trip, is %d us, %s the p50's bar (%d us)",
				nodes, Math.round(1.5 * membersSyncLimitMicros), Math.round(3 * membersSyncLimitMicros), floor,
				(floor > p50Bar) ? "above" : "not above", p50Bar);
	}

	private void reads(RaftServer follower) throws InterruptedException {
		ClosedLoop load = start(new ClosedLoop(follower::readBarrier), this.options.readers());
		Thread.sleep(Math.min(3000, this.options.warmup().toMillis()));
		Map<String, CpuClock.Use> threadsBefore = this.cpu.byThreadGroup();
		ClosedLoop.Window window = load.measure(this.options.reads().toNanos(), this.cpu);
		threadNotes("reads", threadsBefore, window.completed());
		load.stop();
		boolean follows = !follower.isLeader();
		if (!follows) {
			this.report.note("reads: the follower became the leader during the phase, its figures are not judged");
		}
		if (this.options.readsShape() && follows) {
			this.report.atLeast("follower_reads", window.perSecond(), "ops/s", 100_000);
		}
		else {
			this.report.figure("follower_reads", window.perSecond(), "ops/s");
		}
		this.report.figure("follower_reads.p50", micros(window.latencies(), 50), "us");
		this.report.figure("follower_reads.p99", micros(window.latencies(), 99), "us");
		this.report.figure("cpu_per_read", window.cpuMicrosPerOp(), "us");
	}

	private void idle() throws InterruptedException {
		Thread.sleep(3000);
		awaitJitQuiet("idle");
		Map<String, CpuClock.Use> threadsBefore = this.cpu.byThreadGroup();
		long before = this.cpu.processNanos();
		long start = System.nanoTime();
		Thread.sleep(this.options.idle().toMillis());
		double percent = (this.cpu.processNanos() - before) * 100.0 / (System.nanoTime() - start);
		if (this.options.nodes() == 3 && this.options.idle().compareTo(Duration.ofSeconds(10)) >= 0) {
			this.report.atMost("idle_cpu", percent, "%core", 1);
		}
		else {
			this.report.figure("idle_cpu", percent, "%core");
		}
		threadNotes("idle", threadsBefore, 1);
	}

	/**
	 * Waits (at most {@link #JIT_QUIET_LIMIT_MILLIS}) until the JIT compilers were idle for
	 * {@link #JIT_QUIET_MILLIS}: the idle figure is the steady state, not the compilation of the code
	 * that the first idle heartbeats run.
	 */
	private void awaitJitQuiet(String phase) throws InterruptedException {
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
			return;
		}
		long deadline = System.nanoTime() + JIT_QUIET_LIMIT_MILLIS * 1_000_000;
		long compiled = jit.getTotalCompilationTime();
		long waited = 0;
		do {
			Thread.sleep(JIT_QUIET_MILLIS);
			waited += JIT_QUIET_MILLIS;
			long now = jit.getTotalCompilationTime();
			if (now == compiled) {
				this.report.note(phase + ": JIT quiet after " + waited + " ms");
				return;
			}
			compiled = now;
		}
		while (System.nanoTime() < deadline);
		this.report.note(phase + ": JIT still compiling after " + waited + " ms, measuring anyway");
	}

	/** Where the CPU of a phase went, per thread group, divided by {@code ops} (as notes, for humans). */
	private void threadNotes(String phase, Map<String, CpuClock.Use> before, long ops) {
		this.cpu.byThreadGroup().forEach((group, now) -> {
			CpuClock.Use used = now.minus(before.getOrDefault(group, new CpuClock.Use(0, 0)));
			if (used.cpuNanos() > 0) {
				String runs = (now.runs() < 0) ? "" : String.format(Locale.ROOT, ", %d runs", used.runs());
				this.report.note(String.format(Locale.ROOT, "%s: cpu of threads %s: %.1f ms, %.1f us per op%s", phase,
						group, used.cpuNanos() / 1e6, used.cpuNanos() / 1e3 / Math.max(1, ops), runs));
			}
		});
	}

	/**
	 * Heap bytes allocated per operation, per thread group: a figure that the machine's load moves
	 * far less than CPU time, for comparing changes on a shared machine.
	 */
	private void allocationNotes(String phase, Map<String, Long> before, long ops) {
		this.cpu.allocatedByThreadGroup().forEach((group, bytes) -> {
			long used = bytes - before.getOrDefault(group, 0L);
			if (used > 0 && group.startsWith("raft-")) {
				this.report.note(String.format(Locale.ROOT, "%s: allocated by threads %s: %.0f bytes per op", phase, group,
						used / (double) Math.max(1, ops)));
			}
		});
	}

	/** Whether {@code leader} led the whole phase; a figure measured across an election is not judged. */
	private boolean stillLeads(RaftServer leader, String phase) {
		if (leader.isLeader()) {
			return true;
		}
		this.report.note(phase + ": leadership moved during the phase, its figures are not judged");
		return false;
	}

	private ClosedLoop start(ClosedLoop load, int width) {
		return this.options.clientThreads() ? load.startThreads(width) : load.start(width);
	}

	/** A value of the configured size for a random key. */
	byte[] proposal() {
		return ValueStore.value(ThreadLocalRandom.current().nextInt(this.keys), this.options.valueSize());
	}

	private static double micros(Histogram histogram, double percentile) {
		return (histogram.getTotalCount() == 0) ? Double.NaN
				: histogram.getValueAtPercentile(percentile) / (double) NANOS_PER_MICRO;
	}
}
