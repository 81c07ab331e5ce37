package org.raftboot.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotFileSyncTests {

	/** The sync thread, run by hand. */
	private final Queue<Runnable> syncThread = new ArrayDeque<>();

	private final List<@Nullable IOException> closed = new ArrayList<>();

	@TempDir
	Path dir;

	private FileChannel channel;

	@BeforeEach
	void open() throws IOException {
		this.channel = FileChannel.open(Files.createFile(this.dir.resolve("part")), StandardOpenOption.WRITE);
	}

	@AfterEach
	void close() throws IOException {
		this.channel.close();
	}

	@Test
	void aSyncStartsOnTheSyncThreadOnceTheIntervalIsWrittenAndNeverTwoAtOnce() {
		SnapshotFileSync sync = new SnapshotFileSync(this.channel, this.syncThread::add, 100);
		sync.written(40);
		sync.written(59);
		assertThat(this.syncThread).isEmpty();
		sync.written(1);
		assertThat(this.syncThread).hasSize(1);
		sync.written(250);
		assertThat(this.syncThread).as("a sync is still running").hasSize(1);
		runSyncThread();
		sync.written(100);
		assertThat(this.syncThread).as("the bytes written while the last sync ran count towards the next").hasSize(1);
		runSyncThread();
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void aFileThatWasSyncedInTheBackgroundIsClosedOnTheSyncThreadAfterTheSyncsStartedBefore() {
		SnapshotFileSync sync = new SnapshotFileSync(this.channel, this.syncThread::add, 100);
		sync.written(100);
		sync.close(this.closed::add);
		assertThat(this.closed).as("nothing closed before the sync ran").isEmpty();
		assertThat(this.channel.isOpen()).isTrue();
		runSyncThread();
		assertThat(this.closed).containsExactly((IOException) null);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void aFileNeverSyncedInTheBackgroundIsClosedAtOnce() {
		SnapshotFileSync sync = new SnapshotFileSync(this.channel, this.syncThread::add, 100);
		sync.written(99);
		sync.close(this.closed::add);
		assertThat(this.syncThread).isEmpty();
		assertThat(this.closed).containsExactly((IOException) null);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void aSyncTheClosingTransportRefusesIsLeftToTheStorageAndTheFileClosedHere() {
		SnapshotFileSync sync = new SnapshotFileSync(this.channel, (task) -> {
			throw new RejectedExecutionException("shut down");
		}, 100);
		sync.written(500);
		sync.close(this.closed::add);
		assertThat(this.closed).containsExactly((IOException) null);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void aCloseTheClosingTransportRefusesAfterASyncIsDoneHere() {
		boolean[] shutDown = { false };
		SnapshotFileSync sync = new SnapshotFileSync(this.channel, (task) -> {
			if (shutDown[0]) {
				throw new RejectedExecutionException("shut down");
			}
			this.syncThread.add(task);
		}, 100);
		sync.written(100);
		shutDown[0] = true;
		sync.close(this.closed::add);
		assertThat(this.closed).containsExactly((IOException) null);
		assertThat(this.channel.isOpen()).isFalse();
		runSyncThread();
		assertThat(this.closed).as("the sync accepted before finds the file closed and says nothing").hasSize(1);
	}

	@Test
	void aFailedBackgroundSyncIsReportedWhenTheFileIsClosedSoThatItIsNeverHandedOver() {
		SyncFailingChannel failing = new SyncFailingChannel();
		SnapshotFileSync sync = new SnapshotFileSync(failing, this.syncThread::add, 100);
		sync.written(100);
		runSyncThread();
		sync.written(100);
		runSyncThread();
		sync.close(this.closed::add);
		runSyncThread();
		assertThat(this.closed).singleElement().satisfies((failure) -> assertThat(failure).hasMessage("Input/output error"));
		assertThat(failing.isOpen()).isFalse();
	}

	private void runSyncThread() {
		for (Runnable task = this.syncThread.poll(); task != null; task = this.syncThread.poll()) {
			task.run();
		}
	}
}
