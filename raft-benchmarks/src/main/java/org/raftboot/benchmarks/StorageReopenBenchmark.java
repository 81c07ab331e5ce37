package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a restart takes to recover a long log (replaying every segment and rebuilding the
 * index), in the 256 MiB heap the storage promises to fit in. The mean of reopens after warm-up ones,
 * with the log in the page cache and the code compiled; {@link ReopenOnce} measures the first reopen
 * in a fresh JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = RecoveryLog.HEAP)
public class StorageReopenBenchmark {

	@Param({ "1000000" })
	int entries;

	@Param({ "128" })
	int entrySize;

	private Path dir;

	@Setup(Level.Trial)
	public void writeLog() throws IOException {
		this.dir = TempDirs.create();
		RecoveryLog.write(this.dir, this.entries, this.entrySize);
	}

	@TearDown(Level.Trial)
	public void deleteLog() {
		TempDirs.delete(this.dir);
	}

	@Benchmark
	public long reopen() {
		return RecoveryLog.reopen(this.dir);
	}

}
