package org.raftboot.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator reads in the log (System.Logger "org.raftboot.storage", backed by
 * java.util.logging here): whether writes are durable, and when a torn write was cut off.
 */
class FileStorageLoggingTests {

	private final Logger logger = Logger.getLogger("org.raftboot.storage");

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler capture = new Handler() {

		@Override
		public void publish(LogRecord record) {
			FileStorageLoggingTests.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@TempDir
	Path dir;

	@BeforeEach
	void capture() {
		this.logger.addHandler(this.capture);
	}

	@AfterEach
	void release() {
		this.logger.removeHandler(this.capture);
	}

	@Test
	void openingSaysWhetherFsyncIsOnAndWarnsWhenItIsOff() {
		FileStorage.open(FileStorageOptions.builder(this.dir).segmentSize(4096).build()).close();
		FileStorage.open(FileStorageOptions.builder(this.dir).segmentSize(4096).fsync(false).build()).close();
		assertThat(this.records).extracting(LogRecord::getLevel).containsExactly(Level.INFO, Level.WARNING);
		assertThat(message(0)).contains("with fsync on");
		assertThat(message(1)).contains("with fsync OFF, writes are not durable");
	}

	@Test
	void aTornRecordCutOffTheTailIsWarnedAbout() throws IOException {
		FileStorageOptions options = FileStorageOptions.builder(this.dir).segmentSize(4096).fsync(false).build();
		try (FileStorage storage = FileStorage.open(options)) {
			storage.save(HardState.newBuilder().setTerm(1).setCommit(0).build(), FileStorageTests.entries(1, 3, 1),
					Snapshot.getDefaultInstance());
		}
		Path segment = WalFiles.list(this.dir, "wal-").get(0);
		List<Integer> ends = WalFiles.recordEnds(Files.readAllBytes(segment));
		long end = ends.get(ends.size() - 1);
		try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
			channel.truncate(end - 2);
		}
		this.records.clear();
		try (FileStorage storage = FileStorage.open(options)) {
			assertThat(storage.lastIndex()).isEqualTo(3);
		}
		assertThat(this.records).anySatisfy((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.WARNING);
			assertThat(message(record)).startsWith("Truncating a torn record at the tail of " + segment);
		});
	}

	private String message(int k) {
		return message(this.records.get(k));
	}

	private static String message(LogRecord record) {
		return MessageFormat.format(record.getMessage(), record.getParameters());
	}

}
