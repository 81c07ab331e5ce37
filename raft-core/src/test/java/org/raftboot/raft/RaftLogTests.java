package org.raftboot.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raftboot.raft.pb.Entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.raftboot.raft.LogFixtures.entries;
import static org.raftboot.raft.LogFixtures.entry;
import static org.raftboot.raft.LogFixtures.log;
import static org.raftboot.raft.LogFixtures.logWith;
import static org.raftboot.raft.LogFixtures.selfTermed;
import static org.raftboot.raft.LogFixtures.snapshot;
import static org.raftboot.raft.LogFixtures.storage;

class RaftLogTests {

	@Test
	void findConflictReportsTheFirstEntryThatIsNewOrHasAnotherTerm() {
		List<Entry> existing = entries(1, 1, 2, 3);
		assertThat(logWith(existing).findConflict(List.of())).isZero();
		assertThat(logWith(existing).findConflict(entries(1, 1, 2, 3))).isZero();
		assertThat(logWith(existing).findConflict(entries(2, 2, 3))).isZero();
		assertThat(logWith(existing).findConflict(entries(3, 3))).isZero();
		assertThat(logWith(existing).findConflict(entries(1, 1, 2, 3, 4, 4))).isEqualTo(4);
		assertThat(logWith(existing).findConflict(entries(2, 2, 3, 4, 5))).isEqualTo(4);
		assertThat(logWith(existing).findConflict(entries(4, 4, 4))).isEqualTo(4);
		assertThat(logWith(existing).findConflict(entries(1, 4, 4))).isEqualTo(1);
		assertThat(logWith(existing).findConflict(entries(2, 1, 4, 4))).isEqualTo(2);
		assertThat(logWith(existing).findConflict(entries(3, 1, 2, 4, 4))).isEqualTo(3);
	}

	@ParameterizedTest
	@CsvSource({
			// snapshot at 0: terms 2 2 5 5 5 at indexes 1..5
			"0, 0, 100, 2, 100", "0, 0, 5, 6, 5", "0, 0, 5, 5, 5", "0, 0, 5, 4, 2", "0, 0, 5, 2, 2", "0, 0, 5, 1, 0",
			"0, 0, 1, 2, 1", "0, 0, 1, 1, 0", "0, 0, 0, 0, 0",
			// snapshot at 10 (term 3): terms 3 3 4 4 4 at indexes 11..15
			"10, 3, 30, 3, 30", "10, 3, 14, 9, 14", "10, 3, 14, 4, 14", "10, 3, 14, 3, 12", "10, 3, 14, 2, 9",
			"10, 3, 11, 5, 11", "10, 3, 10, 5, 10", "10, 3, 10, 3, 10", "10, 3, 10, 2, 9", "10, 3, 9, 2, 9",
			"10, 3, 4, 2, 4", "10, 3, 0, 0, 0" })
	void findConflictByTermFindsTheLastEntryWithATermNotAboveTheGivenOne(long snapIndex, long snapTerm, long index,
			long term, long want) {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(snapTerm, snapIndex));
		RaftLog log = log(storage);
		log.append((snapIndex == 0) ? entries(1, 2, 2, 5, 5, 5) : entries(11, 3, 3, 4, 4, 4));
		EntryId found = log.findConflictByTerm(index, term);
		assertThat(found.index()).isEqualTo(want);
		assertThat(found.term()).isEqualTo(log.zeroTermOnOutOfBounds(want));
	}

	@ParameterizedTest
	@CsvSource({ "2, 4, true", "3, 4, true", "4, 4, true", "2, 2, false", "3, 2, false", "4, 2, false", "2, 3, false",
			"3, 3, true", "4, 3, true" })
	void aLogIsUpToDateWithAHigherLastTermOrTheSameTermAndAtLeastTheIndex(long lastIndex, long term,
			boolean upToDate) {
		RaftLog log = logWith(entries(1, 1, 2, 3));
		assertThat(log.isUpToDate(new EntryId(term, lastIndex))).isEqualTo(upToDate);
	}

	@Test
	void appendTruncatesConflictingEntriesAndMovesTheUnstableOffset() {
		record Case(List<Entry> appended, long wantLast, List<Entry> wantLog, long wantOffset) {
		}
		for (Case c : List.of(new Case(List.of(), 2, entries(1, 1, 2), 3),
				new Case(entries(3, 2), 3, entries(1, 1, 2, 2), 3), new Case(entries(1, 2), 1, entries(1, 2), 1),
				new Case(entries(2, 3, 3), 3, entries(1, 1, 3, 3), 2))) {
			MemoryStorage storage = storage();
			storage.append(entries(1, 1, 2));
			RaftLog log = log(storage);
			assertThat(log.append(c.appended())).isEqualTo(c.wantLast());
			assertThat(log.entries(1, RaftConstants.NO_LIMIT)).isEqualTo(c.wantLog());
			assertThat(log.unstable.offset).isEqualTo(c.wantOffset());
		}
	}

	@Test
	void appendBelowTheCommitIndexPanics() {
		RaftLog log = logWith(entries(1, 1, 2, 3));
		log.commitTo(2);
		assertThatThrownBy(() -> log.append(entries(2, 4))).isInstanceOf(RaftPanicException.class)
			.hasMessage("after(1) is out of range [committed(2)]");
	}

	@ParameterizedTest
	@CsvSource({
			// prev term, prev index, committed, first new index, new terms, want ok, want commit
			"2, 3, 3, 4, '4', false, 1", "3, 4, 3, 5, '4', false, 1", "3, 3, 3, 4, '', true, 3",
			"3, 3, 4, 4, '', true, 3", "3, 3, 2, 4, '', true, 2", "3, 3, 0, 4, '', true, 1",
			"0, 0, 3, 1, '', true, 1", "3, 3, 3, 4, '4', true, 3", "3, 3, 4, 4, '4', true, 4",
			"3, 3, 5, 4, '4', true, 4", "3, 3, 5, 4, '4 4', true, 5", "2, 2, 3, 3, '4', true, 3",
			"1, 1, 3, 2, '4', true, 2", "1, 1, 3, 2, '4 4', true, 3" })
	void maybeAppendAppendsAfterAMatchingEntryAndCommitsNoFurtherThanTheNewEntries(long prevTerm, long prevIndex,
			long committed, long first, String terms, boolean wantOk, long wantCommit) {
		RaftLog log = logWith(entries(1, 1, 2, 3));
		log.committed = 1;
		List<Entry> ents = entries(first, terms.isEmpty() ? new long[0]
				: Arrays.stream(terms.split(" ")).mapToLong(Long::parseLong).toArray());
		LogSlice slice = new LogSlice(100, new EntryId(prevTerm, prevIndex), ents);
		slice.valid();
		assertThat(log.maybeAppend(slice, committed)).isEqualTo(wantOk);
		assertThat(log.committed).isEqualTo(wantCommit);
		if (wantOk && !ents.isEmpty()) {
			assertThat(log.slice(log.lastIndex() - ents.size() + 1, log.lastIndex() + 1, RaftConstants.NO_LIMIT))
				.isEqualTo(ents);
		}
	}

	@Test
	void maybeAppendRefusesToOverwriteACommittedEntry() {
		RaftLog log = logWith(entries(1, 1, 2, 3));
		log.committed = 1;
		LogSlice slice = new LogSlice(100, new EntryId(0, 0), entries(1, 4));
		assertThatThrownBy(() -> log.maybeAppend(slice, 3)).isInstanceOf(RaftPanicException.class)
			.hasMessage("entry 1 conflict with committed entry [committed(1)]");
	}

	@Test
	void theLogKeepsWorkingAfterStorageIsCompactedUnderIt() {
		MemoryStorage storage = storage();
		storage.append(selfTermed(1, 751));
		RaftLog log = log(storage);
		log.append(selfTermed(751, 1001));
		assertThat(log.maybeCommit(log.lastEntryId())).isTrue();
		log.appliedTo(log.committed, 0);
		storage.compact(500);
		assertThat(log.lastIndex()).isEqualTo(1000);
		for (long j = 500; j <= 1000; j++) {
			assertThat(log.term(j)).isEqualTo(j);
			assertThat(log.matchTerm(new EntryId(j, j))).isTrue();
		}
		List<Entry> unstable = log.nextUnstableEnts();
		assertThat(unstable).hasSize(250);
		assertThat(unstable.get(0).getIndex()).isEqualTo(751);
		log.append(List.of(entry(1001, 1001)));
		assertThat(log.lastIndex()).isEqualTo(1001);
		assertThat(log.entries(1001, RaftConstants.NO_LIMIT)).hasSize(1);
	}

	/** Snapshot at 3 in storage, entry 4 stable, entries 5 and 6 unstable, committed up to 5. */
	private static RaftLog applyingLog(long maxApplyingSize) {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(1, 3));
		List<Entry> ents = entries(4, 1, 1, 1);
		storage.append(ents.subList(0, 1));
		RaftLog log = new RaftLog(storage, new DiscardRaftLogger(), maxApplyingSize);
		log.append(ents);
		log.stableTo(new EntryId(1, 4));
		log.maybeCommit(new EntryId(1, 5));
		return log;
	}

	@ParameterizedTest
	@CsvSource({ "3, 3, true, false, false, 4, 5", "3, 4, true, false, false, 5, 5", "3, 5, true, false, false, 0, 0",
			"4, 4, true, false, false, 5, 5", "4, 5, true, false, false, 0, 0", "5, 5, true, false, false, 0, 0",
			"3, 3, false, false, false, 4, 4", "3, 4, false, false, false, 0, 0", "3, 5, false, false, false, 0, 0",
			"4, 4, false, false, false, 0, 0", "5, 5, false, false, false, 0, 0", "3, 3, true, true, false, 0, 0",
			"3, 3, true, false, true, 0, 0" })
	void committedEntriesAreHandedOutOnceAndOnlyWhenAllowed(long applied, long applying, boolean allowUnstable,
			boolean paused, boolean pendingSnapshot, long wantFirst, long wantLast) {
		RaftLog log = applyingLog(RaftConstants.NO_LIMIT);
		log.appliedTo(applied, 0);
		log.acceptApplying(applying, 0, allowUnstable);
		log.applyingEntsPaused = paused;
		if (pendingSnapshot) {
			log.restore(snapshot(1, 4));
		}
		List<Entry> next = log.nextCommittedEnts(allowUnstable);
		assertThat(log.hasNextCommittedEnts(allowUnstable)).isEqualTo(wantFirst != 0);
		if (wantFirst == 0) {
			assertThat(next).isEmpty();
		}
		else {
			assertThat(next).isEqualTo(entries(wantFirst, new long[(int) (wantLast - wantFirst + 1)]).stream()
				.map((e) -> e.toBuilder().setTerm(1).build())
				.toList());
		}
	}

	@ParameterizedTest
	@CsvSource({ "3, true, 99, true", "3, true, 100, true", "3, true, 101, true", "4, true, 99, true",
			"4, true, 100, true", "4, true, 101, true", "5, true, 99, false", "5, true, 100, true",
			"5, true, 101, true", "3, false, 99, true", "3, false, 100, true", "3, false, 101, true",
			"4, false, 99, false", "4, false, 100, true", "4, false, 101, true", "5, false, 99, false",
			"5, false, 100, true", "5, false, 101, true" })
	void applyingPausesWhenTheSizeBudgetIsUsedOrTheHandOutWasCutShort(long index, boolean allowUnstable, long size,
			boolean wantPaused) {
		RaftLog log = applyingLog(100);
		log.appliedTo(3, 0);
		log.acceptApplying(index, size, allowUnstable);
		assertThat(log.applyingEntsPaused).isEqualTo(wantPaused);
	}

	@ParameterizedTest
	@CsvSource({ "4, 4, 101, true", "4, 5, 100, true", "4, 6, 99, false", "5, 4, 101, true", "5, 5, 100, true",
			"5, 6, 99, false", "4, 105, 0, false", "4, 106, 0, false" })
	void applyingReleasesTheSizeBudgetWithoutUnderflow(long index, long size, long wantApplyingSize,
			boolean wantPaused) {
		RaftLog log = applyingLog(100);
		log.appliedTo(3, 0);
		log.acceptApplying(5, 105, false);
		log.appliedTo(index, size);
		assertThat(log.applied).isEqualTo(index);
		assertThat(log.applying).isEqualTo(5);
		assertThat(log.applyingEntsSize).isEqualTo(wantApplyingSize);
		assertThat(log.applyingEntsPaused).isEqualTo(wantPaused);
	}

	@Test
	void appliedOutsideTheCommittedRangePanics() {
		RaftLog log = applyingLog(RaftConstants.NO_LIMIT);
		assertThatThrownBy(() -> log.appliedTo(6, 0)).isInstanceOf(RaftPanicException.class)
			.hasMessage("applied(6) is out of range [prevApplied(3), committed(5)]");
		assertThatThrownBy(() -> log.acceptApplying(6, 0, true)).isInstanceOf(RaftPanicException.class)
			.hasMessage("applying(6) is out of range [prevApplying(3), committed(5)]");
	}

	@Test
	void nextUnstableEntriesAreThoseNotYetInStorage() {
		List<Entry> ents = entries(1, 1, 2);
		MemoryStorage storage = storage();
		storage.append(ents);
		RaftLog stable = log(storage);
		assertThat(stable.nextUnstableEnts()).isEmpty();
		assertThat(stable.unstable.offset).isEqualTo(3);

		RaftLog unstable = logWith(ents);
		assertThat(unstable.nextUnstableEnts()).isEqualTo(ents);
		assertThat(unstable.hasNextUnstableEnts()).isTrue();
		unstable.stableTo(new EntryId(2, 2));
		assertThat(unstable.unstable.offset).isEqualTo(3);
		assertThat(unstable.hasNextOrInProgressUnstableEnts()).isFalse();
	}

	@Test
	void acceptedUnstableEntriesAreNotHandedOutAgain() {
		RaftLog log = logWith(entries(1, 1, 2));
		log.acceptUnstable();
		assertThat(log.hasNextUnstableEnts()).isFalse();
		assertThat(log.hasNextOrInProgressUnstableEnts()).isTrue();
	}

	@Test
	void commitToNeverDecreasesAndPanicsBeyondTheLastIndex() {
		RaftLog log = logWith(entries(1, 1, 2, 3));
		log.committed = 2;
		log.commitTo(3);
		assertThat(log.committed).isEqualTo(3);
		log.commitTo(1);
		assertThat(log.committed).isEqualTo(3);
		assertThatThrownBy(() -> log.commitTo(4)).isInstanceOf(RaftPanicException.class)
			.hasMessage("tocommit(4) is out of range [lastIndex(3)]. Was the raft log corrupted, truncated, or lost?");
	}

	@ParameterizedTest
	@CsvSource({ "1, 1, 2", "2, 2, 3", "2, 1, 1", "3, 1, 1" })
	void stableToIgnoresIdsThatDoNotMatchTheUnstableLog(long index, long term, long wantOffset) {
		RaftLog log = logWith(entries(1, 1, 2));
		log.stableTo(new EntryId(term, index));
		assertThat(log.unstable.offset).isEqualTo(wantOffset);
	}

	@ParameterizedTest
	@CsvSource({ "6, 2, false, 6", "5, 2, false, 6", "4, 2, false, 6", "6, 3, false, 6", "5, 3, false, 6",
			"4, 3, false, 6", "6, 2, true, 7", "5, 2, true, 6", "4, 2, true, 6", "6, 3, true, 6", "5, 3, true, 6",
			"4, 3, true, 6" })
	void stableToAfterASnapshotOnlyStabilizesMatchingEntries(long index, long term, boolean withEntry,
			long wantOffset) {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(2, 5));
		RaftLog log = log(storage);
		if (withEntry) {
			log.append(entries(6, 2));
		}
		log.stableTo(new EntryId(term, index));
		assertThat(log.unstable.offset).isEqualTo(wantOffset);
	}

	@Test
	void compactionLeavesTheRemainingEntriesReadable() {
		MemoryStorage storage = storage();
		storage.append(selfTermed(1, 1001));
		RaftLog log = log(storage);
		long[] compactions = { 300, 500, 800, 900 };
		int[] left = { 700, 500, 200, 100 };
		for (int j = 0; j < compactions.length; j++) {
			storage.compact(compactions[j]);
			assertThat(log.allEntries()).hasSize(left[j]);
		}
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> storage.compact(899));
		assertThatThrownBy(() -> storage.compact(1001)).isInstanceOf(RaftPanicException.class);
	}

	@Test
	void aLogOverASnapshotStartsAfterIt() {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(1000, 1000));
		RaftLog log = log(storage);
		assertThat(log.allEntries()).isEmpty();
		assertThat(log.firstIndex()).isEqualTo(1001);
		assertThat(log.committed).isEqualTo(1000);
		assertThat(log.unstable.offset).isEqualTo(1001);
		assertThat(log.term(1000)).isEqualTo(1000);
	}

	@Test
	void restoreMakesTheSnapshotPendingAndCommitsIt() {
		RaftLog log = logWith(entries(1, 1, 1));
		log.restore(snapshot(2, 10));
		assertThat(log.committed).isEqualTo(10);
		assertThat(log.firstIndex()).isEqualTo(11);
		assertThat(log.lastIndex()).isEqualTo(10);
		assertThat(log.hasNextUnstableSnapshot()).isTrue();
		assertThat(log.nextUnstableSnapshot()).isEqualTo(snapshot(2, 10));
		assertThat(log.snapshot()).isEqualTo(snapshot(2, 10));
		log.acceptUnstable();
		assertThat(log.hasNextUnstableSnapshot()).isFalse();
		assertThat(log.hasNextOrInProgressSnapshot()).isTrue();
		log.stableSnapTo(10);
		assertThat(log.hasNextOrInProgressSnapshot()).isFalse();
	}

	@Test
	void slicesOutsideTheLogAreCompactedOrPanic() {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(0, 100));
		RaftLog log = log(storage);
		log.append(selfTermed(101, 201));
		assertThatExceptionOfType(StorageException.Compacted.class)
			.isThrownBy(() -> log.slice(99, 102, RaftConstants.NO_LIMIT));
		assertThatExceptionOfType(StorageException.Compacted.class)
			.isThrownBy(() -> log.slice(100, 102, RaftConstants.NO_LIMIT));
		assertThat(log.slice(101, 101, RaftConstants.NO_LIMIT)).isEmpty();
		assertThat(log.slice(150, 150, RaftConstants.NO_LIMIT)).isEmpty();
		assertThat(log.slice(201, 201, RaftConstants.NO_LIMIT)).isEmpty();
		assertThatThrownBy(() -> log.slice(201, 202, RaftConstants.NO_LIMIT)).isInstanceOf(RaftPanicException.class)
			.hasMessage("slice[201,202) out of bound [101,200]");
		assertThatThrownBy(() -> log.slice(202, 202, RaftConstants.NO_LIMIT)).isInstanceOf(RaftPanicException.class);
		assertThatThrownBy(() -> log.slice(150, 149, RaftConstants.NO_LIMIT)).isInstanceOf(RaftPanicException.class)
			.hasMessage("invalid slice 150 > 149");
	}

	@Test
	void termIsKnownFromTheSnapshotPointToTheLastEntry() {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(1, 100));
		RaftLog log = log(storage);
		List<Entry> ents = new ArrayList<>();
		for (long t = 1; t < 100; t++) {
			ents.add(entry(t, 100 + t));
		}
		log.append(ents);
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> log.term(99));
		assertThat(log.term(100)).isEqualTo(1);
		assertThat(log.term(150)).isEqualTo(50);
		assertThat(log.term(199)).isEqualTo(99);
		assertThatExceptionOfType(StorageException.Unavailable.class).isThrownBy(() -> log.term(200));
		assertThat(log.zeroTermOnOutOfBounds(200)).isZero();
		assertThat(log.zeroTermOnOutOfBounds(99)).isZero();
	}

	@Test
	void termBetweenStorageAndAPendingSnapshotIsCompacted() {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(1, 100));
		RaftLog log = log(storage);
		log.restore(snapshot(1, 105));
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> log.term(100));
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> log.term(101));
		assertThatExceptionOfType(StorageException.Compacted.class).isThrownBy(() -> log.term(104));
		assertThat(log.term(105)).isEqualTo(1);
		assertThatExceptionOfType(StorageException.Unavailable.class).isThrownBy(() -> log.term(106));
	}

	/** Entries 201..249 in storage, 250..299 unstable; each term equals its index (all entries have the same size). */
	private static RaftLog splitLog() {
		MemoryStorage storage = storage();
		storage.applySnapshot(snapshot(0, 200));
		storage.append(selfTermed(201, 250));
		RaftLog log = log(storage);
		log.append(selfTermed(250, 300));
		return log;
	}

	@ParameterizedTest
	@CsvSource({ "201, 201, -1, 201, 201", "201, 249, -1, 201, 249", "201, 250, -1, 201, 250",
			"201, 251, -1, 201, 251", "201, 300, -1, 201, 300", "249, 250, -1, 249, 250", "249, 251, -1, 249, 251",
			"250, 300, -1, 250, 300", "299, 300, -1, 299, 300", "201, 300, 0, 201, 202", "249, 251, 0, 249, 250",
			"250, 300, 0, 250, 251", "251, 300, 0, 251, 252", "201, 300, 1, 201, 202", "249, 251, 1, 249, 250",
			"201, 300, 2, 201, 203", "248, 251, 2, 248, 250", "249, 251, 2, 249, 251", "250, 300, 2, 250, 252",
			"248, 251, 3, 248, 251" })
	void sliceReturnsAtLeastOneEntryAndStaysWithinTheSizeLimit(long lo, long hi, long entriesWorth, long wantLo,
			long wantHi) {
		RaftLog log = splitLog();
		long entrySize = entry(250, 250).getSerializedSize();
		long limit = switch ((int) entriesWorth) {
			case -1 -> RaftConstants.NO_LIMIT;
			case 0 -> 0;
			default -> entrySize * entriesWorth;
		};
		assertThat(log.slice(lo, hi, limit)).isEqualTo(selfTermed(wantLo, wantHi));
		if (entriesWorth > 0) {
			assertThat(log.slice(lo, hi, limit - 1)).hasSize((int) Math.max(1, wantHi - wantLo - 1));
		}
	}

	@Test
	void scanVisitsTheSameEntriesAsSliceInBoundedPages() {
		RaftLog log = splitLog();
		long entrySize = entry(250, 250).getSerializedSize();
		for (long pageSize : new long[] { 0, 1, 10, 100, entrySize, entrySize + 1, entrySize * 2 }) {
			for (long lo = 201; lo < 300; lo += 7) {
				for (long hi = lo; hi <= 300; hi += 5) {
					List<Entry> got = new ArrayList<>();
					log.scan(lo, hi, pageSize, (page) -> {
						assertThat(page.size() == 1 || Messages.entsSize(page) <= pageSize).isTrue();
						got.addAll(page);
					});
					assertThat(got).isEqualTo(log.slice(lo, hi, RaftConstants.NO_LIMIT));
				}
			}
		}
		List<Integer> pageSizes = new ArrayList<>();
		log.scan(201, 211, entrySize * 2, (page) -> pageSizes.add(page.size()));
		assertThat(pageSizes).containsExactly(2, 2, 2, 2, 2);
	}

	@Test
	void scanStopsWhenTheVisitorThrows() {
		RaftLog log = splitLog();
		int[] visits = { 0 };
		assertThatThrownBy(() -> log.scan(201, 250, 0, (page) -> {
			if (++visits[0] == 2) {
				throw new IllegalStateException("stop");
			}
		})).hasMessage("stop");
		assertThat(visits[0]).isEqualTo(2);
	}

	@Test
	void theLogDescribesItsCursors() {
		RaftLog log = logWith(entries(1, 1, 1));
		assertThat(log).hasToString(
				"committed=0, applied=0, applying=0, unstable.offset=1, unstable.offsetInProgress=1, len(unstable.Entries)=2");
	}

	@Test
	void logSlicesCheckTheirInvariants() {
		new LogSlice(2, new EntryId(1, 1), entries(2, 1, 2)).valid();
		assertThat(new LogSlice(2, new EntryId(1, 1), entries(2, 1, 2)).lastEntryId()).isEqualTo(new EntryId(2, 3));
		assertThat(new LogSlice(2, new EntryId(1, 1), List.of()).lastEntryId()).isEqualTo(new EntryId(1, 1));
		assertThat(new LogSlice(2, new EntryId(1, 1), entries(2, 1, 2)).lastIndex()).isEqualTo(3);
		assertThatThrownBy(() -> new LogSlice(2, new EntryId(1, 1), entries(3, 1)).valid())
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("leader term 2: entries {term:1 index:1} and {term:1 index:3} not consistent");
		assertThatThrownBy(() -> new LogSlice(2, new EntryId(2, 1), entries(2, 1)).valid())
			.hasMessage("leader term 2: entries {term:2 index:1} and {term:1 index:2} not consistent");
		assertThatThrownBy(() -> new LogSlice(1, new EntryId(1, 1), entries(2, 2)).valid())
			.hasMessage("leader term 1: entry {term:2 index:2} has a newer term");
	}

}
