package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's floor for a durable append: 128 bytes written into a pre-allocated file and
 * synced (fdatasync), the same system calls as one WAL save. Read the storage figures beside it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FsyncBenchmark {

	private static final int FILE_SIZE = 64 << 20;

	private Path dir;

	private FileChannel channel;

	private final ByteBuffer record = ByteBuffer.allocate(128);

	private long position;

	@Setup(Level.Trial)
	public void open() throws IOException {
		this.dir = TempDirs.create();
		this.channel = FileChannel.open(this.dir.resolve("fsync.bin"), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.READ, StandardOpenOption.WRITE);
		ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
		for (long at = 0; at < FILE_SIZE; at += zeros.capacity()) {
			this.channel.write(zeros.clear(), at);
		}
		this.channel.force(true);
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.channel.close();
		TempDirs.delete(this.dir);
	}

	@Benchmark
	public long writeAndFdatasync() throws IOException {
		this.channel.write(this.record.clear(), this.position);
		this.channel.force(false);
		this.position = (this.position + this.record.capacity()) % FILE_SIZE;
		return this.position;
	}

}
