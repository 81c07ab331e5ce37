package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;

/**
 * The log of the recovery figure (issue 9: "reopening 1,000,000 entries in under 2 s"), written and
 * reopened the same way by {@link StorageReopenBenchmark} (reopens in a warmed-up JVM) and
 * {@link ReopenOnce} (the first reopen in a fresh JVM), so that their figures compare.
 */
final class RecoveryLog {

	static final int ENTRIES = 1_000_000;

	static final int ENTRY_SIZE = 128;

	/** "In under 2 s". */
	static final Duration BAR = Duration.ofSeconds(2);

	/** The heap FileStorage promises to recover such a log in. */
	static final String HEAP = "-Xmx256m";

	private static final int BATCH = 10_000;

	private RecoveryLog() {
	}

	/** Entries 1 to {@code entries} of term 1 in batches, without fsync: the figure is the reopen, not the writes. */
	static void write(Path dir, int entries, int entrySize) throws IOException {
		ByteString data = ByteString.copyFrom(new byte[entrySize]);
		try (FileStorage storage = FileStorage.open(options(dir))) {
			for (int from = 1; from <= entries; from += BATCH) {
				List<Entry> batch = new ArrayList<>(BATCH);
				for (int i = from; i < from + BATCH && i <= entries; i++) {
					batch.add(Entry.newBuilder().setTerm(1).setIndex(i).setData(data).build());
				}
				storage.save(HardState.newBuilder().setTerm(1).setCommit(from).build(), batch,
						Snapshot.getDefaultInstance());
			}
		}
	}

	/**
	 * Writes the log into {@code dir} unless it is there, next to it first and renamed once complete,
	 * so that a run cut short leaves no partial log for the next one to reopen. True if it wrote.
	 */
	static boolean writeIfAbsent(Path dir, int entries, int entrySize) throws IOException {
		if (Files.isDirectory(dir)) {
			return false;
		}
		Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
		if (Files.exists(partial)) {
			TempDirs.delete(partial);
		}
		write(partial, entries, entrySize);
		Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
		return true;
	}

	/** Opens the log as a restart does and closes it; its last index. */
	static long reopen(Path dir) {
		try (FileStorage storage = FileStorage.open(options(dir))) {
			return storage.lastIndex();
		}
	}

	private static FileStorageOptions options(Path dir) {
		return FileStorageOptions.builder(dir).fsync(false).build();
	}
}
