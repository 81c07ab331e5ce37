package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * One Ready's worth of persistence: a batch of entries and a hard state saved and synced by
 * {@link FileStorage#save}. The log is compacted now and then so that it stays small.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StorageAppendBenchmark {

	private static final long KEEP = 10_000;

	@Param({ "1", "16", "256" })
	int batch;

	@Param({ "128", "1024" })
	int entrySize;

	@Param({ "true" })
	boolean fsync;

	private Path dir;

	private FileStorage storage;

	private ByteString data;

	private long next = 1;

	@Setup(Level.Trial)
	public void open() throws IOException {
		this.dir = TempDirs.create();
		this.storage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(this.fsync).build());
		byte[] bytes = new byte[this.entrySize];
		new SplittableRandom(1).nextBytes(bytes);
		this.data = ByteString.copyFrom(bytes);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.storage.close();
		TempDirs.delete(this.dir);
	}

	@Benchmark
	public long appendAndSync() {
		List<Entry> entries = new ArrayList<>(this.batch);
		for (int k = 0; k < this.batch; k++) {
			entries.add(Entry.newBuilder().setTerm(1).setIndex(this.next + k).setData(this.data).build());
		}
		this.next += this.batch;
		this.storage.save(HardState.newBuilder().setTerm(1).setVote(1).setCommit(this.next - 1).build(), entries,
				Snapshot.getDefaultInstance());
		if (this.next - this.storage.firstIndex() > 20 * KEEP) {
			this.storage.compact(this.next - KEEP);
		}
		return this.next;
	}

}
