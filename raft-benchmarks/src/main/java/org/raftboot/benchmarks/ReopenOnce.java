package org.raftboot.benchmarks;

import java.nio.file.Path;

/**
 * The recovery figure as a restart meets it: the first reopen of 1,000,000 entries in a fresh JVM
 * ({@link OpenOnce}), where {@link StorageReopenBenchmark} reports the mean of reopens in a warmed-up
 * JVM with the log in the page cache. The log is written once into {@code --dir} and kept for the next
 * runs; with {@code --drop-page-cache} the page cache is dropped before the reopen where the machine
 * lets this process ({@link PageCache}), and the line says which it was ({@code page_cache=cold|warm}).
 */
public final class ReopenOnce {

	private static final String USAGE = """
			usage: ReopenOnce [--dir=<path>] [--drop-page-cache]
			  --dir=<path>       where the log of 1,000,000 entries of 128 B is kept between runs (written when
			                     absent); default <java.io.tmpdir>/raftboot-bench-reopen-1000000x128
			  --drop-page-cache  empty the page cache before the reopen (root only; the whole machine's cache,
			                     every process's files included), so that the log is read from the disk
			""";

	private ReopenOnce() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(System.getProperty("java.io.tmpdir"),
				"raftboot-bench-reopen-" + RecoveryLog.ENTRIES + "x" + RecoveryLog.ENTRY_SIZE);
		boolean dropPageCache = false;
		for (String arg : args) {
			if (arg.startsWith("--dir=")) {
				dir = Path.of(arg.substring("--dir=".length()));
			}
			else if (arg.equals("--drop-page-cache")) {
				dropPageCache = true;
			}
			else {
				System.err.print(USAGE);
				System.exit(2);
			}
		}
		boolean written = RecoveryLog.writeIfAbsent(dir, RecoveryLog.ENTRIES, RecoveryLog.ENTRY_SIZE);
		boolean cold = dropPageCache && PageCache.drop(dir);
		double millis = OpenOnce.inFreshJvm(dir, RecoveryLog.ENTRIES);
		Report report = new Report(System.out, "shape=fresh_jvm entries=" + RecoveryLog.ENTRIES + " entry_bytes="
				+ RecoveryLog.ENTRY_SIZE + " heap=" + RecoveryLog.HEAP.substring("-Xmx".length()) + " page_cache=" + (cold ? "cold" : "warm"));
		report.note("log in " + dir + (written ? ", written by this run" : ", written by an earlier run"));
		report.under("reopen.first", millis, "ms", RecoveryLog.BAR.toMillis());
	}
}
