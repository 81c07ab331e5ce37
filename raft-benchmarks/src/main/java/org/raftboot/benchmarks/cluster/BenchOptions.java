package org.raftboot.benchmarks.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tool's flags, {@code --name=value}. Durations take a unit ({@code 500ms}, {@code 30s},
 * {@code 10m}); {@code --quick} shortens every phase so that a whole run takes about a minute.
 * {@code dirs} holds where the data directory of each member goes, members 1..n in order.
 */
record BenchOptions(int nodes, int valueSize, boolean fsync, int proposers, int readers, Duration warmup,
		Duration duration, Duration sequential, Duration reads, Duration idle, Duration soak, Duration soakInterval,
		List<Path> dirs, Set<String> phases, int ioThreads, boolean clientThreads) {

	static final String USAGE = """
			usage: java -cp benchmarks.jar org.raftboot.benchmarks.cluster.ClusterBenchmark [flags]
			  --nodes=3            cluster size (3 or 5)
			  --value-size=128     bytes per proposed value (e.g. 1024, 16384)
			  --fsync=true         FileStorage syncs every save (false: no sync)
			  --proposers=64       concurrent proposers of the throughput phase
			  --readers=64         concurrent readBarrier() callers on a follower
			  --warmup=10s         warm-up before each measured phase (throughput, reads)
			  --duration=30s       measured throughput phase
			  --sequential=10s     measured phase of the single sequential proposer
			  --reads=10s          measured follower read phase
			  --idle=10s           measured idle phase
			  --soak=0s            soak mode instead of the figures: full load for this long, heap after GC reported
			  --soak-interval=30s  soak: how often the heap is measured (after a full GC)
			  --dir=<tmp>          where the members' data directories go (the disk under test); or one
			                       per member, comma-separated (e.g. a disk each: /d1,/d2,/d3)
			  --phases=limits,throughput,sequential,reads,idle   the phases to run, in this order
			  --io-threads=0       event loop threads of each member's transport (0: the transport's default)
			  --clients=threads    threads: each proposer or reader is a thread waiting for its request;
			                       callbacks: each completion issues the next request on the library's thread
			  --quick              warmup 3s, duration 10s, sequential 5s, reads 5s, idle 5s
			""";

	static final Set<String> PHASES = Set.of("limits", "throughput", "sequential", "reads", "idle");

	static BenchOptions parse(String[] args) {
		int nodes = 3;
		int valueSize = 128;
		boolean fsync = true;
		int proposers = 64;
		int readers = 64;
		Duration warmup = Duration.ofSeconds(10);
		Duration duration = Duration.ofSeconds(30);
		Duration sequential = Duration.ofSeconds(10);
		Duration reads = Duration.ofSeconds(10);
		Duration idle = Duration.ofSeconds(10);
		Duration soak = Duration.ZERO;
		Duration soakInterval = Duration.ofSeconds(30);
		List<Path> dirs = List.of(Path.of(System.getProperty("java.io.tmpdir")));
		Set<String> phases = PHASES;
		int ioThreads = 0;
		boolean clientThreads = true;
		for (String arg : args) {
			int eq = arg.indexOf('=');
			String name = (eq < 0) ? arg : arg.substring(0, eq);
			String value = (eq < 0) ? "" : arg.substring(eq + 1);
			switch (name) {
				case "--nodes" -> nodes = Integer.parseInt(value);
				case "--value-size" -> valueSize = Integer.parseInt(value);
				case "--fsync" -> fsync = Boolean.parseBoolean(value);
				case "--proposers" -> proposers = Integer.parseInt(value);
				case "--readers" -> readers = Integer.parseInt(value);
				case "--warmup" -> warmup = duration(value);
				case "--duration" -> duration = duration(value);
				case "--sequential" -> sequential = duration(value);
				case "--reads" -> reads = duration(value);
				case "--idle" -> idle = duration(value);
				case "--soak" -> soak = duration(value);
				case "--soak-interval" -> soakInterval = duration(value);
				case "--dir" -> dirs = Arrays.stream(value.split(",")).map(Path::of).toList();
				case "--phases" -> phases = Set.of(value.split(","));
				case "--io-threads" -> ioThreads = Integer.parseInt(value);
				case "--clients" -> clientThreads = switch (value) {
					case "threads" -> true;
					case "callbacks" -> false;
					default -> throw new IllegalArgumentException("--clients is threads or callbacks\n" + USAGE);
				};
				case "--quick" -> {
					warmup = Duration.ofSeconds(3);
					duration = Duration.ofSeconds(10);
					sequential = Duration.ofSeconds(5);
					reads = Duration.ofSeconds(5);
					idle = Duration.ofSeconds(5);
				}
				default -> throw new IllegalArgumentException("unknown flag " + arg + "\n" + USAGE);
			}
		}
		if (!PHASES.containsAll(phases)) {
			throw new IllegalArgumentException("unknown phase in " + phases + "\n" + USAGE);
		}
		if (nodes < 3 || valueSize < 8 || proposers < 1 || readers < 1 || ioThreads < 0) {
			throw new IllegalArgumentException("need at least 3 nodes, 8-byte values, one proposer and one reader\n" + USAGE);
		}
		if (dirs.size() != 1 && dirs.size() != nodes) {
			throw new IllegalArgumentException("--dir takes one directory or one per member (" + nodes + "), not "
					+ dirs.size() + "\n" + USAGE);
		}
		List<Path> memberDirs = (dirs.size() == nodes) ? dirs : Collections.nCopies(nodes, dirs.get(0));
		return new BenchOptions(nodes, valueSize, fsync, proposers, readers, warmup, duration, sequential, reads, idle,
				soak, soakInterval, memberDirs, phases, ioThreads, clientThreads);
	}

	boolean runs(String phase) {
		return this.phases.contains(phase);
	}

	/**
	 * Whether this run has the issue's shape of workload, to which its bars apply: 3 nodes, 128 B,
	 * fsync on, client threads. The variants (5 nodes, larger values, fsync off, callbacks) are
	 * measured, not judged.
	 */
	boolean issueShape() {
		return this.nodes == 3 && this.valueSize == 128 && this.fsync && this.clientThreads;
	}

	/**
	 * Whether the throughput phase has the issue's shape, to which the bars of throughput and CPU apply:
	 * {@link #issueShape()} with 64 proposers, measured 30 s after a 10 s warm-up.
	 */
	boolean referenceShape() {
		return issueShape() && this.proposers == 64 && this.warmup.compareTo(Duration.ofSeconds(10)) >= 0
				&& this.duration.compareTo(Duration.ofSeconds(30)) >= 0;
	}

	/** Whether the reads phase has the issue's shape: {@link #issueShape()} with 64 readers. */
	boolean readsShape() {
		return issueShape() && this.readers == 64;
	}

	/** What the report prints on every line beside the figures. */
	String shape() {
		return String.format(Locale.ROOT, "nodes=%d value_bytes=%d fsync=%s clients=%s warmup=%ds duration=%ds",
				this.nodes, this.valueSize, this.fsync ? "on" : "off", this.clientThreads ? "threads" : "callbacks",
				this.warmup.toSeconds(), this.duration.toSeconds());
	}

	private static Duration duration(String text) {
		if (text.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
		}
		long amount = Long.parseLong(text.substring(0, text.length() - 1));
		return switch (text.charAt(text.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			default -> throw new IllegalArgumentException("duration needs a unit (ms, s, m): " + text);
		};
	}
}
