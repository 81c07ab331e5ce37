package org.raftboot.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FileStorageTests {

	private static final ConfState VOTERS = ConfState.newBuilder().addVoters(1).addVoters(2).addVoters(3).build();

	@TempDir
	Path dir;

	@Test
	void aSecondStorageOnTheSameDirectoryFailsClearlyUntilTheFirstIsClosed() {
		try (FileStorage first = FileStorage.open(options(true))) {
			assertThatExceptionOfType(StorageException.class).isThrownBy(() -> FileStorage.open(options(true)))
				.withMessageContaining("storage directory " + this.dir + " is already in use by another FileStorage");
			assertThat(first.lastIndex()).isZero();
		}
		FileStorage.open(options(true)).close();
	}

	@Test
	void everythingSavedWithFsyncSurvivesAReopen() {
		Snapshot snap = snapshot(10, 2);
		HardState hs = HardState.newBuilder().setTerm(3).setVote(1).setCommit(12).build();
		try (FileStorage storage = FileStorage.open(options(true))) {
			storage.save(hs, entries(11, 15, 3), snap);
		}
		try (FileStorage storage = FileStorage.open(options(true))) {
			assertThat(storage.initialState().hardState()).isEqualTo(hs);
			assertThat(storage.initialState().confState()).isEqualTo(VOTERS);
			assertThat(storage.snapshot()).isEqualTo(snap);
			assertThat(storage.firstIndex()).isEqualTo(11);
			assertThat(storage.term(10)).isEqualTo(2);
			assertThat(storage.entries(11, 16, RaftConstants.NO_LIMIT)).isEqualTo(entries(11, 15, 3));
		}
	}

	@Test
	void raisingTheCommitIndexKeepsTermAndVoteAndNeverLowersIt() {
		try (FileStorage storage = FileStorage.open(options(true))) {
			storage.save(HardState.newBuilder().setTerm(3).setVote(2).setCommit(11).build(), entries(11, 15, 3),
					snapshot(10, 2));
			storage.raiseCommit(14);
			storage.raiseCommit(12);
		}
		try (FileStorage storage = FileStorage.open(options(true))) {
			assertThat(storage.initialState().hardState())
				.isEqualTo(HardState.newBuilder().setTerm(3).setVote(2).setCommit(14).build());
		}
	}

	/**
	 * The storage thread may write a hard state raft made before the apply thread raised the stored
	 * commit index for a snapshot (a vote at a new term, queued earlier): it keeps its term and vote,
	 * never takes the commit index back behind that snapshot.
	 */
	@Test
	void aHardStateSavedWithALowerCommitIndexThanTheStoredOneKeepsTheStoredOne() {
		try (FileStorage storage = FileStorage.open(options(true))) {
			storage.save(HardState.newBuilder().setTerm(4).setCommit(12).build(), entries(1, 15, 4),
					Snapshot.getDefaultInstance());
			storage.raiseCommit(15);
			storage.createSnapshot(15, null, ByteString.copyFromUtf8("state at 15"));
			storage.save(HardState.newBuilder().setTerm(5).setVote(2).setCommit(12).build(), List.of(),
					Snapshot.getDefaultInstance());
			storage.saveUnsynced(HardState.newBuilder().setTerm(5).setVote(2).setCommit(13).build());
		}
		try (FileStorage storage = FileStorage.open(options(true))) {
			assertThat(storage.initialState().hardState())
				.isEqualTo(HardState.newBuilder().setTerm(5).setVote(2).setCommit(15).build());
			assertThat(storage.snapshot().getMetadata().getIndex()).isEqualTo(15);
		}
	}

	@Test
	void aCommitIndexSavedWithoutSyncIsRecordedAndSurvivesAReopenOfTheProcess() {
		HardState moved = HardState.newBuilder().setTerm(3).setVote(1).setCommit(14).build();
		try (FileStorage storage = FileStorage.open(options(true))) {
			storage.save(HardState.newBuilder().setTerm(3).setVote(1).setCommit(12).build(), entries(1, 15, 3),
					Snapshot.getDefaultInstance());
			storage.saveUnsynced(moved);
			assertThat(storage.initialState().hardState()).isEqualTo(moved);
		}
		try (FileStorage storage = FileStorage.open(options(true))) {
			assertThat(storage.initialState().hardState()).isEqualTo(moved);
			assertThat(storage.lastIndex()).isEqualTo(15);
		}
	}

	@Test
	void aConflictingEntryReplacesThePersistedSuffixAcrossReopens() {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.save(HardState.getDefaultInstance(), entries(1, 10, 1), Snapshot.getDefaultInstance());
			storage.save(HardState.getDefaultInstance(), entries(6, 7, 2), Snapshot.getDefaultInstance());
		}
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.lastIndex()).isEqualTo(7);
			List<Entry> expected = new ArrayList<>(entries(1, 5, 1));
			expected.addAll(entries(6, 7, 2));
			assertThat(storage.entries(1, 8, RaftConstants.NO_LIMIT)).isEqualTo(expected);
		}
	}

	@Test
	void compactionDeletesWholeSegmentsBelowTheCompactionPointAndKeepsItsTerm() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			for (long i = 1; i <= 400; i += 10) {
				storage.save(HardState.getDefaultInstance(), entries(i, i + 9, 1 + i / 100), Snapshot.getDefaultInstance());
			}
			int before = segmentFiles().size();
			storage.createSnapshot(350, VOTERS, ByteString.copyFromUtf8("state at 350"));
			storage.compact(350);
			// Deleted in the background (SegmentReclaimer).
			await().untilAsserted(() -> assertThat(segmentFiles()).hasSizeBetween(1, before - 2));
			assertThat(storage.term(350)).isEqualTo(4);
			assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> storage.term(349));
		}
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.firstIndex()).isEqualTo(351);
			assertThat(storage.term(350)).isEqualTo(4);
			assertThat(storage.entries(351, 401, RaftConstants.NO_LIMIT)).isEqualTo(entries(351, 400, 4));
			assertThat(storage.snapshot().getData().toStringUtf8()).isEqualTo("state at 350");
		}
	}

	@Test
	void onlyTheSnapshotInForceIsKeptOnDisk() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.save(HardState.getDefaultInstance(), entries(1, 20, 1), Snapshot.getDefaultInstance());
			storage.createSnapshot(5, VOTERS, ByteString.copyFromUtf8("five"));
			storage.createSnapshot(9, null, ByteString.copyFromUtf8("nine"));
			assertThat(snapshotFiles()).containsExactly(this.dir.resolve("snap-0000000000000009.snap"));
		}
	}

	@Test
	void aMissingSnapshotFileRefusesToOpen() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.applySnapshot(snapshot(7, 2));
		}
		Path snap = this.dir.resolve("snap-0000000000000007.snap");
		Files.delete(snap);
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options(false)))
			.withMessage("corrupted storage file " + snap
					+ " at offset 0: the snapshot at index 7 that the log refers to is missing");
	}

	@Test
	void aDamagedSnapshotFileRefusesToOpenAndIsKept() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.applySnapshot(snapshot(7, 2));
		}
		Path snap = this.dir.resolve("snap-0000000000000007.snap");
		byte[] content = Files.readAllBytes(snap);
		content[content.length - 2] ^= 1;
		Files.write(snap, content);
		assertThatExceptionOfType(CorruptedStorageException.class).isThrownBy(() -> FileStorage.open(options(false)))
			.withMessageContaining(snap + " at offset 16: checksum mismatch");
		assertThat(snap).exists();
	}

	@Test
	void aSnapshotFileNotYetRecordedInTheLogIsDiscardedAtOpen() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.save(HardState.getDefaultInstance(), entries(1, 5, 1), Snapshot.getDefaultInstance());
		}
		new SnapshotFiles(this.dir, false).write(snapshot(9, 3));
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.snapshot()).isEqualTo(Snapshot.getDefaultInstance());
			assertThat(storage.lastIndex()).isEqualTo(5);
		}
		assertThat(snapshotFiles()).isEmpty();
	}

	@Test
	void aCrashWhileStartingASegmentLeavesAnEmptyLastSegmentThatIsReused() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.save(HardState.getDefaultInstance(), entries(1, 100, 1), Snapshot.getDefaultInstance());
		}
		List<Path> segments = segmentFiles();
		long next = Segment.parseSeq(segments.get(segments.size() - 1).getFileName().toString()) + 1;
		Files.write(this.dir.resolve(Segment.fileName(next)), new byte[4096]);
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.lastIndex()).isEqualTo(100);
			storage.save(HardState.getDefaultInstance(), entries(101, 101, 1), Snapshot.getDefaultInstance());
		}
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.entries(1, 102, RaftConstants.NO_LIMIT)).isEqualTo(entries(1, 101, 1));
		}
		assertThat(segmentFiles()).hasSize(segments.size() + 1);
	}

	@Test
	void segmentsLeftBeforeAGapByAnInterruptedCompactionAreDeletedAtOpen() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			storage.save(HardState.getDefaultInstance(), entries(1, 300, 1), Snapshot.getDefaultInstance());
			for (long i = 301; segmentFiles().size() < 3; i++) {
				storage.save(HardState.getDefaultInstance(), entries(i, i, 1), Snapshot.getDefaultInstance());
			}
			storage.compact(storage.lastIndex());
		}
		List<Path> kept = segmentFiles();
		Path leftover = this.dir.resolve(Segment.fileName(Segment.parseSeq(kept.get(0).getFileName().toString()) - 2));
		Files.write(leftover, new byte[] { 1, 2, 3 });
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.firstIndex()).isEqualTo(storage.lastIndex() + 1);
		}
		assertThat(segmentFiles()).isEqualTo(kept);
	}

	@Test
	void segmentsAProcessDiedBeforeDeletingAfterACompactionAreReadAtOpenAndReleasedByTheNextOne() throws IOException {
		Map<Path, byte[]> released = new LinkedHashMap<>();
		long last;
		try (FileStorage storage = FileStorage.open(options(false))) {
			for (last = 0; segmentFiles().size() < 4; last += 10) {
				storage.save(HardState.getDefaultInstance(), entries(last + 1, last + 10, 1), Snapshot.getDefaultInstance());
			}
			for (Path segment : segmentFiles().subList(0, 3)) {
				released.put(segment, Files.readAllBytes(segment));
			}
			storage.compact(last);
		}
		// What a crash before the background deletion leaves: the released segments, oldest first.
		for (Map.Entry<Path, byte[]> segment : released.entrySet()) {
			Files.write(segment.getKey(), segment.getValue());
		}
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.firstIndex()).isEqualTo(last + 1);
			assertThat(storage.term(last)).isEqualTo(1);
			storage.save(HardState.getDefaultInstance(), entries(last + 1, last + 5, 2), Snapshot.getDefaultInstance());
			assertThat(storage.entries(last + 1, last + 6, RaftConstants.NO_LIMIT)).isEqualTo(entries(last + 1, last + 5, 2));
			storage.compact(last + 2);
		}
		assertThat(segmentFiles()).doesNotContainAnyElementsOf(released.keySet());
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.firstIndex()).isEqualTo(last + 3);
			assertThat(storage.entries(last + 3, last + 6, RaftConstants.NO_LIMIT)).isEqualTo(entries(last + 3, last + 5, 2));
		}
	}

	@Test
	void entriesAreReadFromDiskWhenTheCacheIsTooSmall() {
		FileStorageOptions noCache = FileStorageOptions.builder(this.dir).fsync(false).cacheSize(0).build();
		try (FileStorage storage = FileStorage.open(noCache)) {
			storage.save(HardState.getDefaultInstance(), entries(1, 50, 1), Snapshot.getDefaultInstance());
			assertThat(storage.entries(10, 51, RaftConstants.NO_LIMIT)).isEqualTo(entries(10, 50, 1));
			long firstTwo = entries(10, 11, 1).stream().mapToLong(Entry::getSerializedSize).sum();
			assertThat(storage.entries(10, 51, firstTwo)).isEqualTo(entries(10, 11, 1));
			assertThat(storage.entries(10, 51, 0)).isEqualTo(entries(10, 10, 1));
		}
	}

	@Test
	void theIndexOfAMillionEntriesTakesAboutTwentyBytesAnEntry() {
		EntryIndex index = new EntryIndex();
		for (int i = 0; i < 1_000_000; i++) {
			index.append(1, Wal.position(i / 100_000, i * 150L), 140);
		}
		assertThat(index.retainedBytes()).isLessThan(48L * 1_000_000);
		assertThat(index.term(1_000_000)).isEqualTo(1);
		assertThat(index.size(500_000)).isEqualTo(140);
	}

	@Test
	void theIndexOfALogCompactedAtItsHeadSlidesItsEntriesToTheFrontWithTermsPositionsAndSizes() {
		EntryIndex index = new EntryIndex();
		for (long i = 1; i <= 10_000; i++) {
			index.append(i, i * 10, (int) i);
			if (i % 1_000 == 0) {
				// A snapshot keeps the last 500 entries, as a server compacts behind its snapshots.
				index.compactTo(i - 500, i - 500);
			}
		}
		long retained = index.retainedBytes();
		for (long i = 10_001; i <= 20_000; i++) {
			index.append(i, i * 10, (int) i);
			if (i % 1_000 == 0) {
				index.compactTo(i - 500, i - 500);
			}
		}
		assertThat(index.retainedBytes()).isEqualTo(retained);
		assertThat(index.offsetIndex()).isEqualTo(19_500);
		assertThat(index.term(19_500)).isEqualTo(19_500);
		for (long i = 19_501; i <= 20_000; i++) {
			assertThat(index.term(i)).isEqualTo(i);
			assertThat(index.position(i)).isEqualTo(i * 10);
			assertThat(index.size(i)).isEqualTo((int) i);
		}
	}

	@Test
	void theIndexKeepsItsArraysForALogThatGrowsBackAfterEachCompactionAndShrinksThemForOneThatStaysSmall() {
		EntryIndex index = new EntryIndex();
		long last = 0;
		long retained = 0;
		for (int cycle = 0; cycle < 4; cycle++) {
			// A snapshot every 20,000 entries, compacted behind it to keep the last 1,000, as a server does.
			for (int i = 0; i < 20_000; i++) {
				last++;
				index.append(last, last * 10, (int) last);
			}
			if (cycle == 0) {
				retained = index.retainedBytes();
			}
			index.compactTo(last - 1_000, last - 1_000);
			assertThat(index.retainedBytes()).as("cycle %d", cycle).isEqualTo(retained);
		}
		for (long i = last - 999; i <= last; i++) {
			assertThat(index.term(i)).isEqualTo(i);
			assertThat(index.position(i)).isEqualTo(i * 10);
			assertThat(index.size(i)).isEqualTo((int) i);
		}
		// A cycle of 2,000 entries: the next compaction gives back arrays sized for 20,000.
		for (int i = 0; i < 1_000; i++) {
			last++;
			index.append(last, last * 10, (int) last);
		}
		index.compactTo(last - 1_000, last - 1_000);
		assertThat(index.retainedBytes()).isLessThan(retained / 4);
		assertThat(index.term(last)).isEqualTo(last);
		assertThat(index.position(last - 999)).isEqualTo((last - 999) * 10);
	}

	@Test
	void theNextSegmentIsPreparedAheadAndNoPreallocatedFileOutlivesTheStorage() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			for (long i = 1; i <= 300; i += 10) {
				storage.save(HardState.getDefaultInstance(), entries(i, i + 9, 1), Snapshot.getDefaultInstance());
			}
		}
		assertThat(WalFiles.segments(this.dir)).hasSizeGreaterThan(1);
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files.map((file) -> file.getFileName().toString())).noneMatch((name) -> name.endsWith(".tmp"));
		}
		Path leftover = this.dir.resolve(Segment.fileName(99) + ".tmp");
		Files.write(leftover, new byte[4096]);
		FileStorage.open(options(false)).close();
		assertThat(leftover).doesNotExist();
	}

	@Test
	void theDirectoryHoldsOnlyTheLockFileWalSegmentsAndSnapshotFiles() throws IOException {
		Path received = Files.createTempFile(this.dir.getParent(), "received-snapshot", ".bin");
		Files.write(received, new byte[5000]);
		try (FileStorage storage = FileStorage.open(options(false))) {
			for (long i = 1; i <= 400; i += 10) {
				storage.save(HardState.newBuilder().setTerm(1).setCommit(i).build(), entries(i, i + 9, 1),
						Snapshot.getDefaultInstance());
			}
			storage.createSnapshot(300, VOTERS, ByteString.copyFromUtf8("state at 300"));
			storage.compact(300);
			assertThat(fileNames()).allMatch((name) -> name.matches(
					"LOCK|wal-\\p{XDigit}{16}\\.log(\\.tmp)?|snap-\\p{XDigit}{16}\\.snap"), "a storage file")
				.contains("LOCK", "snap-000000000000012c.snap");
			storage.save(HardState.getDefaultInstance(), entries(501, 510, 2), snapshot(500, 2), received);
		}
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.lastIndex()).isEqualTo(510);
		}
		assertThat(fileNames()).allMatch((name) -> name.matches("LOCK|wal-\\p{XDigit}{16}\\.log|snap-\\p{XDigit}{16}\\.snapd"),
				"a storage file")
			.contains("LOCK", "snap-00000000000001f4.snapd");
	}

	@Test
	void walSegmentsArePreallocatedToTheConfiguredSizeOf64MiBByDefault() throws IOException {
		assertThat(FileStorageOptions.builder(this.dir).build().segmentSize()).isEqualTo(64L << 20);
		FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build()).close();
		assertThat(Files.size(segmentFiles().get(0))).isEqualTo(64L << 20);

		Path other = Files.createDirectory(this.dir.resolve("small"));
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(other).segmentSize(8192).fsync(false).build())) {
			assertThat(Files.size(WalFiles.segments(other).get(0))).isEqualTo(8192);
			for (long i = 1; WalFiles.segments(other).size() < 3; i++) {
				storage.save(HardState.getDefaultInstance(), entries(i, i, 1), Snapshot.getDefaultInstance());
			}
			List<Path> segments = WalFiles.segments(other);
			assertThat(Files.size(segments.get(2))).as("the segment being written").isEqualTo(8192);
			assertThat(Files.size(segments.get(0))).as("a full segment, cut to its records").isLessThanOrEqualTo(8192);
		}
	}

	@Test
	void optionsRejectImpossibleValues() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> FileStorageOptions.builder(this.dir).segmentSize(100).build())
			.withMessageContaining("'segmentSize'");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> FileStorageOptions.builder(this.dir).cacheSize(-1).build())
			.withMessageContaining("'cacheSize'");
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void recoveryLeavesNoSegmentMappedSoACompactionFreesTheSpaceOfTheSegmentsItDeletes() throws IOException {
		try (FileStorage storage = FileStorage.open(options(false))) {
			for (long i = 1; i <= 400; i += 10) {
				storage.save(HardState.getDefaultInstance(), entries(i, i + 9, 1), Snapshot.getDefaultInstance());
			}
		}
		try (FileStorage storage = FileStorage.open(options(false))) {
			assertThat(storage.entries(1, 401, RaftConstants.NO_LIMIT)).isEqualTo(entries(1, 400, 1));
			assertThat(Files.readAllLines(Path.of("/proc/self/maps"))).noneMatch((line) -> line.contains(this.dir.toString()));
		}
	}

	@Test
	void anIndexZeroSnapshotBootstrapsOnlyAnEmptyStorageAndTheOneInForceStaysOnDisk() throws IOException {
		Snapshot first = snapshot(0, 0);
		Snapshot second = Snapshot.newBuilder().setData(ByteString.copyFromUtf8("other"))
			.setMetadata(SnapshotMetadata.newBuilder().setTerm(1).setConfState(ConfState.newBuilder().addVoters(9)))
			.build();
		try (FileStorage storage = FileStorage.open(options(true))) {
			storage.applySnapshot(first);
			assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
				.isThrownBy(() -> storage.applySnapshot(second));
			assertThat(storage.snapshot()).isEqualTo(first);
		}
		assertThat(fileNames()).contains("snap-0000000000000000.snap");
		try (FileStorage storage = FileStorage.open(options(true))) {
			assertThat(storage.snapshot()).isEqualTo(first);
			assertThat(storage.initialState().confState()).isEqualTo(VOTERS);
		}
	}

	@Test
	void anIndexZeroSnapshotIsRefusedOverEntries() {
		try (FileStorage storage = FileStorage.open(options(true))) {
			storage.save(HardState.newBuilder().setTerm(1).setCommit(2).build(), entries(1, 2, 1),
					Snapshot.getDefaultInstance());
			assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
				.isThrownBy(() -> storage.applySnapshot(snapshot(0, 0)));
			assertThat(storage.entries(1, 3, RaftConstants.NO_LIMIT)).isEqualTo(entries(1, 2, 1));
		}
	}

	@Test
	void aNewStorageDirectoryIsMadeDurableInEachParentItCreatesAndAnExistingOneInItsParent() throws IOException {
		Path nested = this.dir.resolve("a").resolve("b").resolve("c");
		List<Path> synced = new CopyOnWriteArrayList<>();
		Directories.synced = synced::add;
		try {
			FileStorage.open(FileStorageOptions.builder(nested).fsync(true).build()).close();
			assertThat(synced).contains(this.dir, this.dir.resolve("a"), this.dir.resolve("a").resolve("b"));
			synced.clear();
			FileStorage.open(FileStorageOptions.builder(nested).fsync(true).build()).close();
			assertThat(synced).doesNotContain(this.dir, this.dir.resolve("a"), this.dir.resolve("a").resolve("b"));
			FileStorage.open(FileStorageOptions.builder(this.dir.resolve("unsynced").resolve("d")).fsync(false).build())
				.close();
			assertThat(synced).doesNotContain(this.dir.resolve("unsynced"));
			Path existing = Files.createDirectories(this.dir.resolve("made").resolve("by-an-operator"));
			FileStorage.open(FileStorageOptions.builder(existing).fsync(true).build()).close();
			assertThat(synced).contains(this.dir.resolve("made"));
		}
		finally {
			Directories.synced = (d) -> {
			};
		}
	}

	private FileStorageOptions options(boolean fsync) {
		return FileStorageOptions.builder(this.dir).segmentSize(4096).fsync(fsync).build();
	}

	static List<Entry> entries(long from, long to, long term) {
		List<Entry> entries = new ArrayList<>();
		for (long i = from; i <= to; i++) {
			entries.add(Entry.newBuilder().setIndex(i).setTerm(term).setData(ByteString.copyFromUtf8("e" + i)).build());
		}
		return entries;
	}

	private static Snapshot snapshot(long index, long term) {
		return Snapshot.newBuilder().setData(ByteString.copyFromUtf8("state"))
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(term).setConfState(VOTERS))
			.build();
	}

	private List<Path> segmentFiles() throws IOException {
		return WalFiles.segments(this.dir);
	}

	private List<String> fileNames() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	private List<Path> snapshotFiles() throws IOException {
		return WalFiles.snapshots(this.dir);
	}

}
