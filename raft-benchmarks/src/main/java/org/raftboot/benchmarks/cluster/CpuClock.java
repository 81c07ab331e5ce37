package org.raftboot.benchmarks.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time of this process (every thread, the JVM's own included) and, for finding where it goes,
 * CPU time, wake-ups and heap allocation per thread grouped by name (the numbers and node id
 * suffixes dropped, so that the three members' apply threads add up under one name). On Linux the
 * CPU groups come from {@code /proc/self/task}, so that the JVM's own threads (JIT compilers, GC, the
 * VM's periodic tasks), which the JMX thread bean does not list, show beside ours, together with how
 * many times each group blocked and was woken (voluntary context switches: on a small machine each
 * wake-up costs about as much as the work it does); elsewhere from the thread bean, without the JVM's
 * threads.
 */
final class CpuClock {

	private static final Path PROC = Path.of("/proc");

	private static final String VOLUNTARY = "\nvoluntary_ctxt_switches:";

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) this.threads;

	/**
	 * What a group of threads used so far.
	 *
	 * @param cpuNanos CPU time
	 * @param runs times woken after blocking, or -1 when unknown
	 */
	record Use(long cpuNanos, long runs) {

		Use plus(Use other) {
			return new Use(this.cpuNanos + other.cpuNanos, this.runs + other.runs);
		}

		Use minus(Use before) {
			return new Use(this.cpuNanos - before.cpuNanos, this.runs - before.runs);
		}
	}

	long processNanos() {
		return this.os.getProcessCpuTime();
	}

	/** What the live threads used so far, per thread-name group. */
	Map<String, Use> byThreadGroup() {
		if (Files.isDirectory(PROC)) {
			try {
				return byThreadGroup("self");
			}
			catch (IOException ex) {
				// a kernel without schedstat: the thread bean below
			}
		}
		Map<String, Use> groups = new TreeMap<>();
		for (long id : this.threads.getAllThreadIds()) {
			long nanos = this.threads.getThreadCpuTime(id);
			ThreadInfo info = this.threads.getThreadInfo(id);
			if (nanos > 0 && info != null) {
				groups.merge(group(info.getThreadName()), new Use(nanos, -1), Use::plus);
			}
		}
		return groups;
	}

	/** Heap bytes allocated so far per thread-name group, of the live threads. */
	Map<String, Long> allocatedByThreadGroup() {
		Map<String, Long> groups = new TreeMap<>();
		for (long id : this.threads.getAllThreadIds()) {
			long bytes = this.allocations.getThreadAllocatedBytes(id);
			ThreadInfo info = this.threads.getThreadInfo(id);
			if (bytes > 0 && info != null) {
				groups.merge(group(info.getThreadName()), bytes, Long::sum);
			}
		}
		return groups;
	}

	/**
	 * What the live threads of process {@code pid} ({@code self} for this one) used so far, per
	 * thread-name group, from {@code /proc} (Linux).
	 */
	static Map<String, Use> byThreadGroup(String pid) throws IOException {
		Map<String, Use> groups = new TreeMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid).resolve("task"))) {
			for (Path task : tasks) {
				String name;
				String[] schedstat;
				String status;
				try {
					name = Files.readString(task.resolve("comm")).strip();
					schedstat = Files.readString(task.resolve("schedstat")).strip().split(" ");
					status = Files.readString(task.resolve("status"));
				}
				catch (NoSuchFileException ex) {
					continue; // the thread ended
				}
				groups.merge(group(name), new Use(Long.parseLong(schedstat[0]), voluntarySwitches(status)), Use::plus);
			}
		}
		return groups;
	}

	/** How many times the thread blocked and was woken again (preemptions by a busy machine excluded). */
	private static long voluntarySwitches(String status) {
		int at = status.indexOf(VOLUNTARY);
		if (at < 0) {
			return 0;
		}
		int end = status.indexOf('\n', at + VOLUNTARY.length());
		return Long.parseLong(status.substring(at + VOLUNTARY.length(), (end < 0) ? status.length() : end).strip());
	}

	/**
	 * A thread's group: its name without trailing numbers (node ids and indexes, in hex or decimal)
	 * and separators; the kernel keeps 15 characters of a thread's name.
	 */
	static String group(String threadName) {
		return threadName.replaceAll("([-# ][0-9a-f]*)+$", "").replace(' ', '_');
	}
}
