package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One reopen of a {@link RecoveryLog} in a JVM of its own, started for it, as after a restart: the
 * storage's classes loaded and its code interpreted on first use. {@link #inFreshJvm} starts the JVM
 * (the same java and class path, the benchmark's heap), whose {@link #main} opens the log and prints
 * the time the open took and the last index it found.
 */
final class OpenOnce {

	/** Far beyond the bar: a JVM still running then is stuck. */
	private static final long TIMEOUT_SECONDS = 120;

	private OpenOnce() {
	}

	/** The milliseconds the reopen of {@code dir} took in a fresh JVM, which must find {@code lastIndex}. */
	static double inFreshJvm(Path dir, long lastIndex) throws IOException, InterruptedException {
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				RecoveryLog.HEAP, "-cp", System.getProperty("java.class.path"), OpenOnce.class.getName(),
				dir.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		List<String> lines;
		int exit;
		try {
			lines = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
			if (!jvm.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the reopen in a fresh JVM did not end within " + TIMEOUT_SECONDS + " s");
			}
			exit = jvm.exitValue();
		}
		finally {
			jvm.destroyForcibly();
		}
		String[] fields = lines.isEmpty() ? new String[0] : lines.get(lines.size() - 1).split(" ");
		if (exit != 0 || fields.length != 2 || Long.parseLong(fields[1]) != lastIndex) {
			throw new IllegalStateException("the reopen in a fresh JVM failed (exit " + exit + "): " + lines);
		}
		return Long.parseLong(fields[0]) / 1e6;
	}

	/** The fresh JVM's side: {@code <nanoseconds> <last index>} on one line. */
	public static void main(String[] args) {
		long start = System.nanoTime();
		long lastIndex = RecoveryLog.reopen(Path.of(args[0]));
		System.out.println((System.nanoTime() - start) + " " + lastIndex);
	}
}
