package org.raftboot.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

/** What needs another JVM: a second process on a locked directory, and the heap bound at open. */
class FileStorageProcessTests {

	private static final int ENTRIES = 1_000_000;

	private static final int BATCH = 10_000;

	@TempDir
	Path dir;

	@Test
	void aSecondProcessOnTheSameDirectoryFailsClearly() throws Exception {
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build())) {
			ForkedJvm.Result result = ForkedJvm.run("64m", OpenStorageMain.class, this.dir.toString());
			assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
			assertThat(result.output()).contains("refused: storage directory " + this.dir
					+ " is already in use by another FileStorage (in this or another process)");
			assertThat(storage.lastIndex()).isZero();
		}
	}

	@Test
	void aLogOfSegmentsLargerThanTheDirectMemoryLimitOpens() throws Exception {
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build())) {
			storage.save(HardState.newBuilder().setTerm(1).setCommit(1).build(),
					List.of(Entry.newBuilder().setIndex(1).setTerm(1).setData(ByteString.copyFromUtf8("e1")).build()),
					Snapshot.getDefaultInstance());
		}
		// 64 MiB segments; the direct memory limit of a JVM is its heap limit.
		ForkedJvm.Result result = ForkedJvm.run("32m", OpenStorageMain.class, this.dir.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("lastIndex=1 lastDataSize=2");
	}

	@Test
	void aLogOfAMillionEntriesOf128BytesOpensIn256MiBOfHeap() throws Exception {
		byte[] data = new byte[128];
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build())) {
			for (int from = 1; from <= ENTRIES; from += BATCH) {
				List<Entry> batch = new ArrayList<>(BATCH);
				for (int i = from; i < from + BATCH; i++) {
					data[0] = (byte) i;
					batch.add(Entry.newBuilder().setIndex(i).setTerm(1).setData(ByteString.copyFrom(data)).build());
				}
				storage.save(HardState.newBuilder().setTerm(1).setCommit(from).build(), batch,
						Snapshot.getDefaultInstance());
			}
		}
		ForkedJvm.Result result = ForkedJvm.run("256m", OpenStorageMain.class, this.dir.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		Matcher m = Pattern.compile("lastIndex=(\\d+) lastDataSize=(\\d+) usedHeap=(\\d+)").matcher(result.output());
		assertThat(m.find()).as(result.output()).isTrue();
		assertThat(Long.parseLong(m.group(1))).isEqualTo(ENTRIES);
		assertThat(Integer.parseInt(m.group(2))).isEqualTo(128);
		assertThat(Long.parseLong(m.group(3))).as("heap used with the log open").isLessThan(96L << 20);
	}

}
