package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
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
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;

/**
 * How long a restart takes to recover a long log (replaying every segment and rebuilding the
 * index), in the 256 MiB heap the storage promises to fit in.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class StorageReopenBenchmark {

	private static final int BATCH = 10_000;

	@Param({ "1000000" })
	int entries;

	@Param({ "128" })
	int entrySize;

	private Path dir;

	private FileStorageOptions options;

	@Setup(Level.Trial)
	public void writeLog() throws IOException {
		this.dir = TempDirs.create();
		this.options = FileStorageOptions.builder(this.dir).fsync(false).build();
		ByteString data = ByteString.copyFrom(new byte[this.entrySize]);
		try (FileStorage storage = FileStorage.open(this.options)) {
			for (int from = 1; from <= this.entries; from += BATCH) {
				List<Entry> batch = new ArrayList<>(BATCH);
				for (int i = from; i < from + BATCH && i <= this.entries; i++) {
					batch.add(Entry.newBuilder().setTerm(1).setIndex(i).setData(data).build());
				}
				storage.save(HardState.newBuilder().setTerm(1).setCommit(from).build(), batch,
						Snapshot.getDefaultInstance());
			}
		}
	}

	@TearDown(Level.Trial)
	public void deleteLog() {
		TempDirs.delete(this.dir);
	}

	@Benchmark
	public long reopen() {
		try (FileStorage storage = FileStorage.open(this.options)) {
			return storage.lastIndex();
		}
	}

}
