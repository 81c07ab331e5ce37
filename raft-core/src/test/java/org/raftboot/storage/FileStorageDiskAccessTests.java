package org.raftboot.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What saves and reads cost the WAL's segments: one sync per Ready whatever it carries, none for a
 * commit-only hard state or with fsync off, and no disk read for the recent entries a leader
 * replicates.
 */
class FileStorageDiskAccessTests {

	@TempDir
	Path dir;

	private final List<ObservedChannel> channels = new CopyOnWriteArrayList<>();

	@BeforeEach
	void observeSegments() {
		Segment.channels = (path) -> {
			ObservedChannel channel = new ObservedChannel(SegmentChannels.DEFAULT.open(path));
			this.channels.add(channel);
			return channel;
		};
	}

	@AfterEach
	void plainChannels() {
		Segment.channels = SegmentChannels.DEFAULT;
	}

	@Test
	void aSaveSyncsTheLogOnceWhateverTheReadyCarriesAndACommitOnlyHardStateNotAtAll() {
		try (FileStorage storage = FileStorage.open(options(true))) {
			int before = syncs();
			storage.save(hardState(1), FileStorageTests.entries(1, 256, 1), Snapshot.getDefaultInstance());
			assertThat(syncs() - before).as("256 entries and a hard state").isOne();

			before = syncs();
			storage.save(hardState(2), List.of(), Snapshot.getDefaultInstance());
			assertThat(syncs() - before).as("a hard state alone").isOne();

			before = syncs();
			storage.save(hardState(300), FileStorageTests.entries(301, 316, 2), snapshot(300, 2));
			assertThat(syncs() - before).as("a snapshot (its file synced on its own), entries and a hard state").isOne();

			before = syncs();
			storage.saveUnsynced(hardState(310));
			assertThat(syncs() - before).as("a commit index moved").isZero();

			before = syncs();
			storage.save(HardState.getDefaultInstance(), List.of(), Snapshot.getDefaultInstance());
			assertThat(syncs() - before).as("an empty Ready").isZero();
		}
		try (FileStorage storage = FileStorage.open(options(true))) {
			assertThat(storage.lastIndex()).isEqualTo(316);
			assertThat(storage.initialState().hardState()).isEqualTo(hardState(310));
		}
	}

	@Test
	void withFsyncOffNothingIsSynced() {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.save(hardState(1), FileStorageTests.entries(1, 16, 1), Snapshot.getDefaultInstance());
			storage.createSnapshot(8, null, ByteString.copyFromUtf8("eight"));
			storage.compact(8);
		}
		assertThat(this.channels).isNotEmpty();
		assertThat(syncs()).isZero();
	}

	@Test
	void recentEntriesAreServedFromTheCacheAndOlderOnesReadFromDisk() {
		FileStorageOptions options = FileStorageOptions.builder(this.dir).segmentSize(1 << 20).fsync(false)
			.cacheSize(100).build();
		try (FileStorage storage = FileStorage.open(options)) {
			for (long i = 1; i <= 300; i += 30) {
				storage.save(HardState.getDefaultInstance(), FileStorageTests.entries(i, i + 29, 1),
						Snapshot.getDefaultInstance());
			}
			int before = reads();
			assertThat(storage.entries(201, 301, RaftConstants.NO_LIMIT)).isEqualTo(FileStorageTests.entries(201, 300, 1));
			assertThat(reads() - before).as("reads of the 100 most recent entries").isZero();

			assertThat(storage.entries(1, 51, RaftConstants.NO_LIMIT)).isEqualTo(FileStorageTests.entries(1, 50, 1));
			assertThat(reads() - before).as("reads of 50 older entries, back to back on disk").isOne();
		}
	}

	private FileStorageOptions options(boolean fsync) {
		return FileStorageOptions.builder(this.dir).segmentSize(1 << 20).fsync(fsync).build();
	}

	private int syncs() {
		return this.channels.stream().mapToInt(ObservedChannel::syncs).sum();
	}

	private int reads() {
		return this.channels.stream().mapToInt(ObservedChannel::reads).sum();
	}

	private static HardState hardState(long commit) {
		return HardState.newBuilder().setTerm(2).setVote(1).setCommit(commit).build();
	}

	private static Snapshot snapshot(long index, long term) {
		return Snapshot.newBuilder().setData(ByteString.copyFromUtf8("state at " + index))
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(term)
				.setConfState(ConfState.newBuilder().addVoters(1)))
			.build();
	}

}
