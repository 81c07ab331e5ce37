package org.raftboot.benchmarks.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time of this process (every thread, the JVM's own included) and, for finding where it goes,
 * CPU time and heap allocation per thread grouped by name (digits and the node id suffix dropped, so that the three members'
 * apply threads add up under one name).
 */
final class CpuClock {

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) this.threads;

	long processNanos() {
		return this.os.getProcessCpuTime();
	}

	/** CPU nanoseconds so far per thread-name group, of the live threads. */
	Map<String, Long> byThreadGroup() {
		Map<String, Long> groups = new TreeMap<>();
		for (long id : this.threads.getAllThreadIds()) {
			long nanos = this.threads.getThreadCpuTime(id);
			ThreadInfo info = this.threads.getThreadInfo(id);
			if (nanos > 0 && info != null) {
				groups.merge(group(info.getThreadName()), nanos, Long::sum);
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

	static String group(String threadName) {
		return threadName.replaceAll("-[0-9a-f]+-[0-9a-f]+$", "").replaceAll("[-#]?[0-9]+", "").replace(' ', '_');
	}
}
