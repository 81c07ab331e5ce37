package org.raftboot.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.google.protobuf.ByteString;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.storage.ObservedChannel.Held;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Raft's reads on the node's thread while the storage thread writes and syncs a save. */
class FileStorageConcurrencyTests {

	@TempDir
	Path dir;

	private final List<ObservedChannel> channels = new ArrayList<>();

	/** Lets a snapshot file's write go on past its hold ({@link #holdTheFirstSnapshotSync()}). */
	private final CountDownLatch snapshotReleased = new CountDownLatch(1);

	@AfterEach
	void plainChannels() {
		this.channels.forEach(ObservedChannel::release);
		this.snapshotReleased.countDown();
		Segment.channels = SegmentChannels.DEFAULT;
		SnapshotFiles.beforeSync = (file) -> {
		};
	}

	@ParameterizedTest
	@EnumSource(value = Held.class, names = { "WRITE", "SYNC" })
	// A guard against a hang, not a measure: a read that waits for the save blocks on the storage's
	// monitor, where no interrupt reaches it, so the test runs on a thread of its own.
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void readsDuringAWriteOrSyncAnswerAtOnceWithTheDurableStateOnlyAndSeeTheSaveOnceItIsDurable(Held held)
			throws Exception {
		observeChannels();
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(true).build())) {
			storage.save(hardState(3), FileStorageTests.entries(1, 3, 1), Snapshot.getDefaultInstance());
			this.channels.forEach((channel) -> channel.hold(held));
			CompletableFuture<Void> saving = CompletableFuture.runAsync(
					() -> storage.save(hardState(5), FileStorageTests.entries(4, 5, 2), Snapshot.getDefaultInstance()));
			awaitHeld();

			assertThat(storage.lastIndex()).isEqualTo(3);
			assertThat(storage.firstIndex()).isEqualTo(1);
			assertThat(storage.term(3)).isEqualTo(1);
			assertThat(storage.entries(1, 4, RaftConstants.NO_LIMIT)).isEqualTo(FileStorageTests.entries(1, 3, 1));
			assertThat(storage.initialState().hardState()).isEqualTo(hardState(3));
			assertThat(saving).isNotDone();

			this.channels.forEach(ObservedChannel::release);
			saving.join();
			assertThat(storage.lastIndex()).isEqualTo(5);
			assertThat(storage.term(5)).isEqualTo(2);
			List<Entry> all = new ArrayList<>(FileStorageTests.entries(1, 3, 1));
			all.addAll(FileStorageTests.entries(4, 5, 2));
			assertThat(storage.entries(1, 6, RaftConstants.NO_LIMIT)).isEqualTo(all);
			assertThat(storage.initialState().hardState()).isEqualTo(hardState(5));
		}
	}

	@Test
	// A guard against a hang: with the deletion held, a compaction that deleted the segments itself
	// would never return.
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void aCompactionLeavesTheDeletionOfTheSegmentsItReleasesToTheBackgroundAndCloseWaitsForIt() throws Exception {
		observeChannels();
		FileStorageOptions options = FileStorageOptions.builder(this.dir).segmentSize(4096).fsync(false).build();
		FileStorage storage = FileStorage.open(options);
		long last = 0;
		while (WalFiles.segments(this.dir).size() < 4) {
			storage.save(HardState.getDefaultInstance(), FileStorageTests.entries(last + 1, last + 10, 1),
					Snapshot.getDefaultInstance());
			last += 10;
		}
		List<Path> released = WalFiles.segments(this.dir).subList(0, 3);
		this.channels.forEach((channel) -> channel.hold(Held.CLOSE));

		storage.compact(last);
		awaitHeld();
		assertThat(WalFiles.segments(this.dir)).containsAll(released);
		storage.save(HardState.getDefaultInstance(), FileStorageTests.entries(last + 1, last + 5, 2),
				Snapshot.getDefaultInstance());
		assertThat(storage.firstIndex()).isEqualTo(last + 1);
		assertThat(storage.entries(last + 1, last + 6, RaftConstants.NO_LIMIT))
			.isEqualTo(FileStorageTests.entries(last + 1, last + 5, 2));

		CompletableFuture<Void> closing = CompletableFuture.runAsync(storage::close);
		this.channels.forEach(ObservedChannel::release);
		closing.join();
		assertThat(WalFiles.segments(this.dir)).doesNotContainAnyElementsOf(released);
		try (FileStorage reopened = FileStorage.open(options)) {
			assertThat(reopened.firstIndex()).isEqualTo(last + 1);
			assertThat(reopened.entries(last + 1, last + 6, RaftConstants.NO_LIMIT))
				.isEqualTo(FileStorageTests.entries(last + 1, last + 5, 2));
		}
	}

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void savesAndReadsGoOnWhileASnapshotFileIsWrittenAndTheSnapshotCountsOnceRecorded() throws Exception {
		FileStorageOptions options = FileStorageOptions.builder(this.dir).fsync(true).build();
		try (FileStorage storage = FileStorage.open(options)) {
			storage.save(hardState(10), FileStorageTests.entries(1, 10, 1), Snapshot.getDefaultInstance());
			CompletableFuture<Path> held = holdTheFirstSnapshotSync();
			CompletableFuture<Snapshot> creating = CompletableFuture
				.supplyAsync(() -> storage.createSnapshot(5, null, ByteString.copyFromUtf8("state at 5")));
			held.join();

			storage.save(hardState(12), FileStorageTests.entries(11, 12, 1), Snapshot.getDefaultInstance());
			assertThat(storage.entries(1, 13, RaftConstants.NO_LIMIT)).isEqualTo(FileStorageTests.entries(1, 12, 1));
			assertThat(storage.snapshot()).isEqualTo(Snapshot.getDefaultInstance());
			storage.compact(3);
			assertThat(storage.firstIndex()).isEqualTo(4);
			assertThat(creating).isNotDone();

			this.snapshotReleased.countDown();
			assertThat(creating.join().getMetadata().getIndex()).isEqualTo(5);
			assertThat(storage.snapshot().getData().toStringUtf8()).isEqualTo("state at 5");
		}
		assertThat(WalFiles.snapshots(this.dir)).containsExactly(this.dir.resolve("snap-0000000000000005.snap"));
		try (FileStorage reopened = FileStorage.open(options)) {
			assertThat(reopened.snapshot().getData().toStringUtf8()).isEqualTo("state at 5");
			assertThat(reopened.lastIndex()).isEqualTo(12);
		}
	}

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void aSnapshotStoredWhileAnOlderOneIsWrittenIsKeptAndTheOlderOneIsDiscarded() throws Exception {
		FileStorageOptions options = FileStorageOptions.builder(this.dir).fsync(true).build();
		Snapshot received = Snapshot.newBuilder().setData(ByteString.copyFromUtf8("state at 20"))
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(20).setTerm(3)
				.setConfState(ConfState.newBuilder().addVoters(1)))
			.build();
		try (FileStorage storage = FileStorage.open(options)) {
			storage.save(hardState(10), FileStorageTests.entries(1, 10, 1), Snapshot.getDefaultInstance());
			CompletableFuture<Path> held = holdTheFirstSnapshotSync();
			CompletableFuture<Snapshot> creating = CompletableFuture
				.supplyAsync(() -> storage.createSnapshot(5, null, ByteString.copyFromUtf8("state at 5")));
			Path prepared = held.join();

			storage.applySnapshot(received);
			// The store of the newer one deleted every other snapshot file but the one being written.
			assertThat(prepared).exists();
			this.snapshotReleased.countDown();
			assertThatThrownBy(creating::join).hasCauseInstanceOf(StorageException.SnapshotOutOfDate.class);
			assertThat(storage.snapshot()).isEqualTo(received);
		}
		assertThat(WalFiles.snapshots(this.dir)).containsExactly(this.dir.resolve("snap-0000000000000014.snap"));
		try (FileStorage reopened = FileStorage.open(options)) {
			assertThat(reopened.snapshot()).isEqualTo(received);
		}
	}

	/**
	 * Nothing is written in the directory once close() unlocked it (a storage opened there next would
	 * find a file appear): close waits for a snapshot file being written, which is then put in place,
	 * and refuses to start another.
	 */
	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void closeWaitsForASnapshotFileBeingWrittenAndRefusesNewOnes() throws Exception {
		FileStorageOptions options = FileStorageOptions.builder(this.dir).fsync(true).build();
		FileStorage storage = FileStorage.open(options);
		storage.save(hardState(10), FileStorageTests.entries(1, 10, 1), Snapshot.getDefaultInstance());
		CompletableFuture<Path> held = holdTheFirstSnapshotSync();
		CompletableFuture<Snapshot> creating = CompletableFuture
			.supplyAsync(() -> storage.createSnapshot(5, null, ByteString.copyFromUtf8("state at 5")));
		held.join();

		Thread closer = new Thread(storage::close, "closer");
		closer.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.WAITING);
		assertThatThrownBy(() -> storage.createSnapshot(6, null, ByteString.copyFromUtf8("state at 6")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageEndingWith("is closing");
		this.snapshotReleased.countDown();
		closer.join();
		assertThat(creating.join().getMetadata().getIndex()).isEqualTo(5);
		try (FileStorage reopened = FileStorage.open(options)) {
			assertThat(reopened.snapshot().getMetadata().getIndex()).isEqualTo(5);
			assertThat(reopened.snapshot().getData().toStringUtf8()).isEqualTo("state at 5");
		}
	}

	/**
	 * Holds the next snapshot file written from the heap before its sync, until
	 * {@link #snapshotReleased}; the future completes with the file once it is held.
	 */
	private CompletableFuture<Path> holdTheFirstSnapshotSync() {
		CompletableFuture<Path> held = new CompletableFuture<>();
		SnapshotFiles.beforeSync = (file) -> {
			if (held.complete(file)) {
				try {
					this.snapshotReleased.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
		return held;
	}

	/** From now on, the storage's segments are opened with channels this test observes. */
	private void observeChannels() {
		Segment.channels = (path) -> {
			ObservedChannel channel = new ObservedChannel(SegmentChannels.DEFAULT.open(path));
			this.channels.add(channel);
			return channel;
		};
	}

	/** Waits until some channel is held in the call it was told to hold. */
	private void awaitHeld() {
		CompletableFuture.anyOf(this.channels.stream().map(ObservedChannel::heldStarted)
			.toArray(CompletableFuture[]::new)).join();
	}

	private static HardState hardState(long commit) {
		return HardState.newBuilder().setTerm(2).setVote(1).setCommit(commit).build();
	}
}
