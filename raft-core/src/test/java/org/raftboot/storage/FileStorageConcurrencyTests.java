package org.raftboot.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.ObservedChannel.Held;

import static org.assertj.core.api.Assertions.assertThat;

/** Raft's reads on the node's thread while the storage thread writes and syncs a save. */
class FileStorageConcurrencyTests {

	@TempDir
	Path dir;

	private final List<ObservedChannel> channels = new ArrayList<>();

	@AfterEach
	void plainChannels() {
		this.channels.forEach(ObservedChannel::release);
		Segment.channels = SegmentChannels.DEFAULT;
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
