package org.raftboot.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Snapshots whose data comes from a file (received from a leader) rather than from the heap. */
class FileStorageReceivedSnapshotTests {

	private static final ConfState VOTERS = ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3).build();

	/** Larger than the slices a snapshot is copied in. */
	private static final int LARGE = (3 << 20) + 17;

	@TempDir
	Path dir;

	@TempDir
	Path received;

	@ParameterizedTest
	@ValueSource(ints = { 0, 10, LARGE })
	void aSnapshotSavedFromAFileSurvivesAReopenAndRestoresFromItsFile(int size) throws IOException {
		byte[] data = bytes(size, 1);
		Path file = receivedFile(data);
		HardState hs = HardState.newBuilder().setTerm(3).setCommit(9).build();
		try (FileStorage storage = FileStorage.open(options())) {
			storage.save(hs, FileStorageTests.entries(10, 12, 3), metadata(9, 2), file);
			assertThat(storage.snapshot()).as("metadata only, the data stays on disk").isEqualTo(metadata(9, 2));
			assertThat(readData(storage)).isEqualTo(data);
			assertThat(dataFileContent(storage, 9)).isEqualTo(data);
			assertThat(storage.firstIndex()).isEqualTo(10);
		}
		assertThat(file).as("renamed into the storage's directory").doesNotExist();
		assertThat(WalFiles.snapshots(this.dir)).containsExactly(this.dir.resolve("snap-0000000000000009.snapd"));
		try (FileStorage storage = FileStorage.open(options())) {
			assertThat(storage.initialState().hardState()).isEqualTo(hs);
			assertThat(storage.snapshot()).isEqualTo(metadata(9, 2));
			assertThat(readData(storage)).isEqualTo(data);
			assertThat(dataFileContent(storage, 9)).isEqualTo(data);
			assertThat(storage.lastIndex()).isEqualTo(12);
		}
	}

	@Test
	void theDataFileIsOnlyGivenForTheSnapshotInForce() throws IOException {
		try (FileStorage storage = FileStorage.open(options())) {
			assertThat(storage.snapshotDataFile(9)).isNull();
			storage.save(HardState.getDefaultInstance(), List.of(), metadata(9, 2), receivedFile(bytes(LARGE, 2)));
			assertThat(storage.snapshotDataFile(9)).isNotNull();
			assertThat(storage.snapshotDataFile(8)).isNull();
		}
	}

	@Test
	void theFileOfAHeapSnapshotIsReadTheSameWay() throws IOException {
		byte[] data = bytes(LARGE, 3);
		try (FileStorage storage = FileStorage.open(options())) {
			storage.save(HardState.getDefaultInstance(), List.of(),
					metadata(9, 2).toBuilder().setData(ByteString.copyFrom(data)).build());
			assertThat(readData(storage)).isEqualTo(data);
			assertThat(dataFileContent(storage, 9)).isEqualTo(data);
		}
		try (FileStorage storage = FileStorage.open(options())) {
			assertThat(storage.snapshot().getData().toByteArray()).isEqualTo(data);
		}
	}

	@Test
	void aHalfCopiedSnapshotLeftByACrashIsDiscardedAndThePreviousOneKept() throws IOException {
		byte[] data = bytes(LARGE, 4);
		try (FileStorage storage = FileStorage.open(options())) {
			storage.save(HardState.getDefaultInstance(), List.of(), metadata(7, 2), receivedFile(data));
		}
		// The process died while copying the next snapshot: its temporary file holds part of it.
		new SnapshotFiles(this.dir, false).writeFrom(metadata(9, 2), receivedFile(bytes(LARGE, 5)));
		Path next = this.dir.resolve("snap-0000000000000009.snap");
		Path partial = this.dir.resolve("snap-0000000000000009.snap.tmp");
		Files.write(partial, Arrays.copyOf(Files.readAllBytes(next), LARGE / 2));
		Files.delete(next);
		try (FileStorage storage = FileStorage.open(options())) {
			assertThat(storage.snapshot().getMetadata().getIndex()).isEqualTo(7);
			assertThat(readData(storage)).isEqualTo(data);
		}
		assertThat(partial).doesNotExist();
	}

	@Test
	void aCrashWhileAdoptingAReceivedFileKeepsThePreviousSnapshot() throws IOException {
		byte[] data = bytes(LARGE, 10);
		try (FileStorage storage = FileStorage.open(options())) {
			storage.save(HardState.getDefaultInstance(), List.of(), metadata(7, 2), receivedFile(data));
		}
		// The process died after renaming the next received file, before its trailer was synced.
		Path partial = this.dir.resolve("snap-0000000000000009.snapd.tmp");
		Files.move(receivedFile(bytes(LARGE, 11)), partial);
		try (FileStorage storage = FileStorage.open(options())) {
			assertThat(storage.snapshot()).isEqualTo(metadata(7, 2));
			assertThat(readData(storage)).isEqualTo(data);
		}
		assertThat(partial).doesNotExist();
	}

	@Test
	void aSnapshotCopiedButNotYetRecordedInTheLogIsDiscardedAtOpen() throws IOException {
		try (FileStorage storage = FileStorage.open(options())) {
			storage.save(HardState.getDefaultInstance(), FileStorageTests.entries(1, 5, 1), Snapshot.getDefaultInstance());
		}
		new SnapshotFiles(this.dir, false).writeFrom(metadata(9, 2), receivedFile(bytes(LARGE, 6)));
		new SnapshotFiles(this.dir, false).adopt(metadata(8, 2), receivedFile(bytes(LARGE, 6)));
		try (FileStorage storage = FileStorage.open(options())) {
			assertThat(storage.snapshot()).isEqualTo(Snapshot.getDefaultInstance());
			assertThat(storage.lastIndex()).isEqualTo(5);
		}
		assertThat(WalFiles.snapshots(this.dir)).isEmpty();
	}

	@Test
	void aDamagedLargeSnapshotFileRefusesToOpenAndIsKept() throws IOException {
		try (FileStorage storage = FileStorage.open(options())) {
			storage.save(HardState.getDefaultInstance(), List.of(), metadata(7, 2), receivedFile(bytes(LARGE, 7)));
		}
		Path snap = this.dir.resolve("snap-0000000000000007.snapd");
		byte[] content = Files.readAllBytes(snap);
		content[LARGE / 2] ^= 1;
		Files.write(snap, content);
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options()))
			.withMessageContaining(snap + " at offset 0: checksum mismatch");
		assertThat(snap).exists();
	}

	@Test
	void aReceivedSnapshotNotNewerThanTheOneInForceIsRefusedAndChangesNothing() throws IOException {
		byte[] data = bytes(LARGE, 8);
		try (FileStorage storage = FileStorage.open(options())) {
			storage.save(HardState.getDefaultInstance(), List.of(), metadata(7, 2), receivedFile(data));
			Path older = receivedFile(bytes(100, 9));
			assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
				.isThrownBy(() -> storage.save(HardState.getDefaultInstance(), List.of(), metadata(5, 2), older));
			assertThat(storage.snapshot().getMetadata().getIndex()).isEqualTo(7);
			assertThat(readData(storage)).isEqualTo(data);
			assertThat(older).as("refused before it was touched").exists();
		}
		assertThat(WalFiles.snapshots(this.dir)).containsExactly(this.dir.resolve("snap-0000000000000007.snapd"));
	}

	private Path receivedFile(byte[] data) throws IOException {
		return Files.write(Files.createTempFile(this.received, "raftboot-snapshot-", ".part"), data);
	}

	private static byte[] readData(FileStorage storage) throws IOException {
		try (InputStream in = storage.openSnapshotData()) {
			return in.readAllBytes();
		}
	}

	private static byte[] dataFileContent(FileStorage storage, long index) throws IOException {
		SnapshotDataFile range = storage.snapshotDataFile(index);
		assertThat(range).isNotNull();
		byte[] content = Files.readAllBytes(range.file());
		return Arrays.copyOfRange(content, (int) range.offset(), (int) (range.offset() + range.length()));
	}

	private static byte[] bytes(int size, long seed) {
		byte[] data = new byte[size];
		new SplittableRandom(seed).nextBytes(data);
		return data;
	}

	private static Snapshot metadata(long index, long term) {
		return Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(term).setConfState(VOTERS))
			.build();
	}

	private FileStorageOptions options() {
		return FileStorageOptions.builder(this.dir).segmentSize(4096).fsync(false).build();
	}
}
