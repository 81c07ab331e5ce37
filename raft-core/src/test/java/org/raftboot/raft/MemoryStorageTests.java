package org.raftboot.raft;

import java.util.Arrays;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.raftboot.raft.LogFixtures.entries;
import static org.raftboot.raft.LogFixtures.snapshot;
import static org.raftboot.raft.LogFixtures.storage;

class MemoryStorageTests {

	private static final ConfState VOTERS = ConfState.newBuilder().addAllVoters(List.of(1L, 2L, 3L)).build();

	private static final ByteString DATA = ByteString.copyFromUtf8("data");

	/** Compaction point at index 3 (term 3), then entries 4 and 5 with terms 4 and 5. */
	private static MemoryStorage compactedAt3() {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(3, 3));
		storage.append(entries(4, 4, 5));
		return storage;
	}

	@Test
	void termIsKnownFromTheCompactionPointToTheLastEntry() {
		MemoryStorage storage = compactedAt3();
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> storage.term(2));
		assertThat(storage.term(3)).isEqualTo(3);
		assertThat(storage.term(4)).isEqualTo(4);
		assertThat(storage.term(5)).isEqualTo(5);
		assertThatExceptionOfType(StorageException.Unavailable.class).isThrownBy(() -> storage.term(6));
	}

	@Test
	void entriesBeforeTheFirstIndexAreCompacted() {
		MemoryStorage storage = compactedAt3();
		storage.append(entries(6, 6));
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> storage.entries(2, 6, -1));
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> storage.entries(3, 4, -1));
		assertThat(storage.entries(4, 5, -1)).isEqualTo(entries(4, 4));
		assertThat(storage.entries(4, 6, -1)).isEqualTo(entries(4, 4, 5));
		assertThat(storage.entries(4, 7, -1)).isEqualTo(entries(4, 4, 5, 6));
	}

	@Test
	void entriesAreLimitedBySizeButAtLeastOneIsReturned() {
		MemoryStorage storage = compactedAt3();
		storage.append(entries(6, 6));
		List<Entry> all = entries(4, 4, 5, 6);
		long two = all.get(0).getSerializedSize() + all.get(1).getSerializedSize();
		long three = two + all.get(2).getSerializedSize();
		assertThat(storage.entries(4, 7, 0)).isEqualTo(entries(4, 4));
		assertThat(storage.entries(4, 7, two)).isEqualTo(entries(4, 4, 5));
		assertThat(storage.entries(4, 7, three - 1)).isEqualTo(entries(4, 4, 5));
		assertThat(storage.entries(4, 7, three)).isEqualTo(all);
	}

	@Test
	void entriesOfAStorageWithoutEntriesAreUnavailableAndBeyondTheEndPanic() {
		MemoryStorage storage = storage();
		assertThatExceptionOfType(StorageException.Unavailable.class).isThrownBy(() -> storage.entries(1, 1, -1));
		MemoryStorage filled = compactedAt3();
		assertThatThrownBy(() -> filled.entries(4, 7, -1)).isInstanceOf(RaftPanicException.class)
			.hasMessage("entries' hi(7) is out of bound lastindex(5)");
	}

	@Test
	void lastAndFirstIndexFollowAppendsAndCompactions() {
		MemoryStorage storage = compactedAt3();
		assertThat(storage.lastIndex()).isEqualTo(5);
		assertThat(storage.firstIndex()).isEqualTo(4);
		storage.append(entries(6, 5));
		assertThat(storage.lastIndex()).isEqualTo(6);
		storage.compact(4);
		assertThat(storage.firstIndex()).isEqualTo(5);
	}

	@ParameterizedTest
	@CsvSource({ "4, 4, 4, 2", "5, 5, 5, 1" })
	void compactionMakesTheCompactedEntryTheNewDummy(long index, long wantFirstMinusOne, long wantTerm,
			int wantRemaining) {
		MemoryStorage storage = compactedAt3();
		storage.compact(index);
		assertThat(storage.firstIndex() - 1).isEqualTo(wantFirstMinusOne);
		assertThat(storage.term(index)).isEqualTo(wantTerm);
		assertThat(storage.lastIndex() - storage.firstIndex() + 2).isEqualTo(wantRemaining);
	}

	@Test
	void compactingAtOrBeforeTheDummyFailsAndBeyondTheEndPanics() {
		MemoryStorage storage = compactedAt3();
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> storage.compact(2))
			.withMessage("requested index is unavailable due to compaction");
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> storage.compact(3));
		assertThatThrownBy(() -> storage.compact(6)).isInstanceOf(RaftPanicException.class)
			.hasMessage("compact 6 is out of bound lastindex(5)");
		assertThat(storage.firstIndex()).isEqualTo(4);
	}

	@ParameterizedTest
	@CsvSource({ "4, 4", "5, 5" })
	void createSnapshotRecordsTheEntryTermConfigurationAndData(long index, long wantTerm) {
		MemoryStorage storage = compactedAt3();
		Snapshot snap = storage.createSnapshot(index, VOTERS, DATA);
		assertThat(snap).isEqualTo(Snapshot.newBuilder()
			.setData(DATA)
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(wantTerm).setConfState(VOTERS))
			.build());
		assertThat(storage.snapshot()).isEqualTo(snap);
	}

	@Test
	void createSnapshotRejectsOldIndexesAndPanicsBeyondTheEnd() {
		MemoryStorage storage = compactedAt3();
		storage.createSnapshot(4, null, DATA);
		assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
			.isThrownBy(() -> storage.createSnapshot(4, VOTERS, DATA))
			.withMessage("requested index is older than the existing snapshot");
		assertThatThrownBy(() -> storage.createSnapshot(6, VOTERS, DATA)).isInstanceOf(RaftPanicException.class)
			.hasMessage("snapshot 6 is out of bound lastindex(5)");
	}

	@ParameterizedTest
	@CsvSource({ "1, '1 2', '4 5'", "3, '3 4 5', '4 5'", "3, '3 6 6', '6 6'", "3, '3 4 5 5', '4 5 5'",
			"2, '3 3 5', '5'", "4, '5', '5'", "6, '5', '4 5 5'" })
	void appendSkipsCompactedEntriesAndReplacesConflictingOnes(long first, String terms, String wantTermsFrom4) {
		MemoryStorage storage = compactedAt3();
		storage.append(entries(first, parse(terms)));
		long[] want = parse(wantTermsFrom4);
		assertThat(storage.lastIndex()).isEqualTo(3 + want.length);
		assertThat(storage.entries(4, storage.lastIndex() + 1, -1)).isEqualTo(entries(4, want));
		assertThat(storage.term(3)).isEqualTo(3);
	}

	@Test
	void appendWithAGapPanics() {
		MemoryStorage storage = compactedAt3();
		assertThatThrownBy(() -> storage.append(entries(7, 5))).isInstanceOf(RaftPanicException.class)
			.hasMessage("missing log entry [last: 5, append at: 7]");
	}

	@Test
	void applySnapshotReplacesTheLogUnlessItIsOutOfDate() {
		MemoryStorage storage = storage();
		Snapshot at4 = Snapshot.newBuilder()
			.setData(DATA)
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(4).setTerm(4).setConfState(VOTERS))
			.build();
		storage.applySnapshot(at4);
		assertThat(storage.snapshot()).isEqualTo(at4);
		assertThat(storage.firstIndex()).isEqualTo(5);
		assertThat(storage.lastIndex()).isEqualTo(4);
		assertThat(storage.term(4)).isEqualTo(4);
		assertThat(storage.initialState().confState()).isEqualTo(VOTERS);
		assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
			.isThrownBy(() -> storage.applySnapshot(snapshot(3, 3)));
		assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
			.isThrownBy(() -> storage.applySnapshot(at4));
	}

	@Test
	void aSnapshotCarryingOnlyAConfigurationBootstrapsAnEmptyStorage() {
		MemoryStorage storage = storage();
		storage.applySnapshot(Snapshot.newBuilder()
			.setData(DATA)
			.setMetadata(SnapshotMetadata.newBuilder().setConfState(VOTERS))
			.build());
		assertThat(storage.initialState().confState()).isEqualTo(VOTERS);
		assertThat(storage.firstIndex()).isEqualTo(1);
		assertThat(storage.lastIndex()).isZero();
	}

	@Test
	void anIndexZeroSnapshotIsRefusedOnceTheStorageHoldsASnapshotOrEntries() {
		Snapshot bootstrap = Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder().setConfState(VOTERS)).build();
		MemoryStorage bootstrapped = storage();
		bootstrapped.applySnapshot(bootstrap);
		assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
			.isThrownBy(() -> bootstrapped.applySnapshot(bootstrap));
		MemoryStorage withEntries = storage();
		withEntries.append(entries(1, 1, 1));
		assertThatExceptionOfType(StorageException.SnapshotOutOfDate.class)
			.isThrownBy(() -> withEntries.applySnapshot(bootstrap));
		assertThat(withEntries.lastIndex()).isEqualTo(2);
	}

	@Test
	void theInitialStateIsEmptyUntilAHardStateIsSet() {
		MemoryStorage storage = storage();
		assertThat(storage.initialState().hardState()).isEqualTo(HardState.getDefaultInstance());
		assertThat(storage.initialState().confState()).isEqualTo(ConfState.getDefaultInstance());
		HardState hs = HardState.newBuilder().setTerm(2).setVote(1).setCommit(3).build();
		storage.setHardState(hs);
		assertThat(storage.initialState().hardState()).isEqualTo(hs);
	}

	private static long[] parse(String terms) {
		return Arrays.stream(terms.split(" ")).mapToLong(Long::parseLong).toArray();
	}

}
