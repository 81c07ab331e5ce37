package org.raftboot.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.raftboot.raft.LogFixtures.entries;
import static org.raftboot.raft.LogFixtures.snapshot;

class UnstableTests {

	private static Unstable unstable(long offset, long offsetInProgress, List<Entry> ents, @Nullable Snapshot snap) {
		Unstable u = new Unstable(offset, new DiscardRaftLogger());
		u.offsetInProgress = offsetInProgress;
		u.entries = new ArrayList<>(ents);
		u.snapshot = snap;
		return u;
	}

	@Test
	void theFirstIndexIsOnlyKnownWithASnapshot() {
		assertThat(unstable(5, 5, entries(5, 1), null).maybeFirstIndex()).isEqualTo(-1);
		assertThat(unstable(0, 0, List.of(), null).maybeFirstIndex()).isEqualTo(-1);
		assertThat(unstable(5, 5, entries(5, 1), snapshot(1, 4)).maybeFirstIndex()).isEqualTo(5);
		assertThat(unstable(5, 5, List.of(), snapshot(1, 4)).maybeFirstIndex()).isEqualTo(5);
	}

	@Test
	void theLastIndexComesFromEntriesThenTheSnapshot() {
		assertThat(unstable(5, 5, entries(5, 1), null).maybeLastIndex()).isEqualTo(5);
		assertThat(unstable(5, 5, entries(5, 1), snapshot(1, 4)).maybeLastIndex()).isEqualTo(5);
		assertThat(unstable(5, 5, List.of(), snapshot(1, 4)).maybeLastIndex()).isEqualTo(4);
		assertThat(unstable(0, 0, List.of(), null).maybeLastIndex()).isEqualTo(-1);
	}

	@ParameterizedTest
	@CsvSource({ "false, 5, 1", "false, 6, -1", "false, 4, -1", "true, 5, 1", "true, 6, -1", "true, 4, 1",
			"true, 3, -1" })
	void theTermIsKnownForEntriesAndTheSnapshotPoint(boolean withSnapshot, long index, long wantTerm) {
		Unstable u = unstable(5, 5, entries(5, 1), withSnapshot ? snapshot(1, 4) : null);
		assertThat(u.maybeTerm(index)).isEqualTo(wantTerm);
	}

	@Test
	void theTermIsKnownFromASnapshotAlone() {
		Unstable u = unstable(5, 5, List.of(), snapshot(1, 4));
		assertThat(u.maybeTerm(5)).isEqualTo(-1);
		assertThat(u.maybeTerm(4)).isEqualTo(1);
		assertThat(u.maybeTerm(3)).isEqualTo(-1);
		assertThat(unstable(0, 0, List.of(), null).maybeTerm(5)).isEqualTo(-1);
	}

	@Test
	void restoreReplacesEverythingWithThePendingSnapshot() {
		Unstable u = unstable(5, 6, entries(5, 1), snapshot(1, 4));
		u.snapshotInProgress = true;
		u.restore(snapshot(2, 6));
		assertThat(u.offset).isEqualTo(7);
		assertThat(u.offsetInProgress).isEqualTo(7);
		assertThat(u.entries).isEmpty();
		assertThat(u.snapshot).isEqualTo(snapshot(2, 6));
		assertThat(u.snapshotInProgress).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "5, 5, 7", "5, 6, 7", "5, 7, 0" })
	void nextEntriesAreThoseNotInProgress(long offset, long offsetInProgress, long wantFirst) {
		Unstable u = unstable(offset, offsetInProgress, entries(5, 1, 1), null);
		List<Entry> next = u.nextEntries();
		if (wantFirst == 0) {
			assertThat(next).isEmpty();
		}
		else {
			assertThat(next).isEqualTo(entries(offsetInProgress, new long[(int) (wantFirst - offsetInProgress)]).stream()
				.map((e) -> e.toBuilder().setTerm(1).build())
				.toList());
		}
	}

	@Test
	void theNextSnapshotIsOnlyHandedOutOnce() {
		assertThat(unstable(5, 5, List.of(), null).nextSnapshot()).isNull();
		Unstable u = unstable(5, 5, List.of(), snapshot(1, 4));
		assertThat(u.nextSnapshot()).isEqualTo(snapshot(1, 4));
		u.acceptInProgress();
		assertThat(u.nextSnapshot()).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "0, 5, false, 5", "1, 5, false, 6", "2, 5, false, 7", "2, 6, false, 7", "2, 7, false, 7",
			"0, 5, true, 5", "1, 5, true, 6", "2, 6, true, 7", "2, 7, true, 7" })
	void acceptInProgressMarksAllEntriesAndTheSnapshot(int count, long offsetInProgress, boolean withSnapshot,
			long wantOffsetInProgress) {
		long[] terms = new long[count];
		Arrays.fill(terms, 1);
		Unstable u = unstable(5, offsetInProgress, entries(5, terms), withSnapshot ? snapshot(1, 4) : null);
		u.acceptInProgress();
		assertThat(u.offsetInProgress).isEqualTo(wantOffsetInProgress);
		assertThat(u.snapshotInProgress).isEqualTo(withSnapshot);
	}

	@ParameterizedTest
	@CsvSource({
			// first index, terms, offsetInProgress, snapshot index (0 none), snapshot term, stable index, term,
			// want offset, want offsetInProgress, want remaining
			"5, '1', 6, 0, 0, 5, 1, 6, 6, 0", "5, '1 1', 6, 0, 0, 5, 1, 6, 6, 1", "5, '1 1', 7, 0, 0, 5, 1, 6, 7, 1",
			"6, '2', 7, 0, 0, 6, 1, 6, 7, 1", "5, '1', 6, 0, 0, 4, 1, 5, 6, 1", "5, '1', 6, 0, 0, 4, 2, 5, 6, 1",
			"5, '1', 6, 4, 1, 5, 1, 6, 6, 0", "5, '1 1', 7, 4, 1, 5, 1, 6, 7, 1", "6, '2', 7, 5, 1, 6, 1, 6, 7, 1",
			"5, '1', 6, 4, 1, 4, 1, 5, 6, 1", "5, '2', 6, 4, 2, 4, 1, 5, 6, 1" })
	void stableToOnlyDropsEntriesThatMatch(long first, String terms, long offsetInProgress, long snapIndex,
			long snapTerm, long index, long term, long wantOffset, long wantOffsetInProgress, int wantRemaining) {
		long[] t = Arrays.stream(terms.split(" ")).mapToLong(Long::parseLong).toArray();
		Unstable u = unstable(first, offsetInProgress, entries(first, t),
				(snapIndex != 0) ? snapshot(snapTerm, snapIndex) : null);
		u.stableTo(new EntryId(term, index));
		assertThat(u.offset).isEqualTo(wantOffset);
		assertThat(u.offsetInProgress).isEqualTo(wantOffsetInProgress);
		assertThat(u.entries).hasSize(wantRemaining);
	}

	@Test
	void stableToOnAnEmptyUnstableLogChangesNothing() {
		Unstable u = unstable(0, 0, List.of(), null);
		u.stableTo(new EntryId(1, 5));
		assertThat(u.offset).isZero();
		assertThat(u.entries).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({
			// offsetInProgress, appended first index, appended terms, want offset, want offsetInProgress, want terms
			"5, 8, '1 1', 5, 5, '1 1 1 1 1'", "6, 8, '1 1', 5, 6, '1 1 1 1 1'", "7, 8, '1 1', 5, 7, '1 1 1 1 1'",
			"5, 5, '2 2', 5, 5, '2 2'", "5, 4, '2 2 2', 4, 4, '2 2 2'", "6, 5, '2 2', 5, 5, '2 2'",
			"7, 5, '2 2', 5, 5, '2 2'", "5, 6, '2', 5, 5, '1 2'", "5, 7, '2 2', 5, 5, '1 1 2 2'",
			"6, 6, '2', 5, 6, '1 2'", "7, 6, '2', 5, 6, '1 2'", "8, 7, '2 2', 5, 7, '1 1 2 2'" })
	void truncateAndAppendKeepsTheNonConflictingPrefix(long offsetInProgress, long first, String terms,
			long wantOffset, long wantOffsetInProgress, String wantTerms) {
		Unstable u = unstable(5, offsetInProgress, entries(5, 1, 1, 1), null);
		u.truncateAndAppend(entries(first, parse(terms)));
		assertThat(u.offset).isEqualTo(wantOffset);
		assertThat(u.offsetInProgress).isEqualTo(wantOffsetInProgress);
		assertThat(u.entries).isEqualTo(entries(wantOffset, parse(wantTerms)));
	}

	@Test
	void slicingOutsideTheUnstableEntriesPanics() {
		Unstable u = unstable(5, 5, entries(5, 1, 1), null);
		assertThat(u.slice(5, 7)).isEqualTo(entries(5, 1, 1));
		assertThatThrownBy(() -> u.slice(4, 6)).isInstanceOf(RaftPanicException.class)
			.hasMessage("unstable.slice[4,6) out of bound [5,7]");
		assertThatThrownBy(() -> u.slice(6, 5)).hasMessage("invalid unstable.slice 6 > 5");
	}

	@Test
	void stableSnapToOnlyClearsTheMatchingSnapshot() {
		Unstable u = unstable(5, 5, List.of(), snapshot(1, 4));
		u.snapshotInProgress = true;
		u.stableSnapTo(3);
		assertThat(u.snapshot).isNotNull();
		u.stableSnapTo(4);
		assertThat(u.snapshot).isNull();
		assertThat(u.snapshotInProgress).isFalse();
	}

	private static long[] parse(String terms) {
		return Arrays.stream(terms.split(" ")).mapToLong(Long::parseLong).toArray();
	}

}
