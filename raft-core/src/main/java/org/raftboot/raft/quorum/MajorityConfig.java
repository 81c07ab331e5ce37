package org.raftboot.raft.quorum;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * A set of voters that decides by simple majority (etcd's {@code quorum.MajorityConfig}). Ids are
 * unsigned and kept sorted, so every text form is deterministic.
 */
public final class MajorityConfig implements Iterable<Long> {

	private final TreeSet<Long> ids = new TreeSet<>(Long::compareUnsigned);

	public MajorityConfig() {
	}

	public MajorityConfig(long... ids) {
		for (long id : ids) {
			this.ids.add(id);
		}
	}

	public void add(long id) {
		this.ids.add(id);
	}

	public void remove(long id) {
		this.ids.remove(id);
	}

	public boolean contains(long id) {
		return this.ids.contains(id);
	}

	public int size() {
		return this.ids.size();
	}

	public boolean isEmpty() {
		return this.ids.isEmpty();
	}

	/** The ids in ascending (unsigned) order. */
	@Override
	public Iterator<Long> iterator() {
		return Collections.unmodifiableSet(this.ids).iterator();
	}

	/** The ids as a fresh array, ascending (unsigned). */
	public long[] slice() {
		return this.ids.stream().mapToLong(Long::longValue).toArray();
	}

	public MajorityConfig copy() {
		MajorityConfig copy = new MajorityConfig();
		copy.ids.addAll(this.ids);
		return copy;
	}

	/**
	 * The largest index acknowledged by a majority of the voters. Voters without an acknowledgement
	 * count as having acknowledged 0. An empty configuration returns 2^64-1 (-1L, "∞"), so that a
	 * joint configuration with an empty half behaves like its other half.
	 */
	public long committedIndex(AckedIndexer l) {
		int n = size();
		if (n == 0) {
			return -1L;
		}
		// Indexes are unsigned: flipping the sign bit makes a signed sort order them correctly.
		long[] sorted = new long[n];
		Arrays.fill(sorted, Long.MIN_VALUE);
		int i = n - 1;
		for (long id : this.ids) {
			long idx = l.ackedIndex(id);
			if (idx != AckedIndexer.UNKNOWN) {
				sorted[i--] = idx ^ Long.MIN_VALUE;
			}
		}
		Arrays.sort(sorted);
		return sorted[n - (n / 2 + 1)] ^ Long.MIN_VALUE;
	}

	/**
	 * Whether the given votes (id to granted) win, lose or leave the election pending. An empty
	 * configuration wins, so that a joint configuration with an empty half behaves like its other
	 * half.
	 */
	public VoteResult voteResult(Map<Long, Boolean> votes) {
		if (isEmpty()) {
			return VoteResult.VoteWon;
		}
		int granted = 0;
		int missing = 0;
		for (long id : this.ids) {
			Boolean vote = votes.get(id);
			if (vote == null) {
				missing++;
			}
			else if (vote) {
				granted++;
			}
		}
		int quorum = size() / 2 + 1;
		if (granted >= quorum) {
			return VoteResult.VoteWon;
		}
		if (granted + missing >= quorum) {
			return VoteResult.VotePending;
		}
		return VoteResult.VoteLost;
	}

	/**
	 * A small chart of the acknowledged indexes, one row per voter in id order, with a bar whose
	 * length is the rank of the voter's index (equal indexes share a bar); {@code ?} marks a voter
	 * without acknowledgement. This is etcd's format, compared byte for byte by the vectors.
	 */
	public String describe(AckedIndexer l) {
		if (isEmpty()) {
			return "<empty majority quorum>";
		}
		int n = size();
		long[] ids = slice();
		long[] indexes = new long[n];
		boolean[] known = new boolean[n];
		for (int i = 0; i < n; i++) {
			long idx = l.ackedIndex(ids[i]);
			known[i] = idx != AckedIndexer.UNKNOWN;
			indexes[i] = known[i] ? idx : 0;
		}
		// Rank the voters by (index, id); ids are already ascending, and the sort is stable.
		Integer[] byIndex = new Integer[n];
		for (int i = 0; i < n; i++) {
			byIndex[i] = i;
		}
		Arrays.sort(byIndex, Comparator.comparing((Integer i) -> indexes[i], Long::compareUnsigned));
		int[] bars = new int[n];
		for (int rank = 1; rank < n; rank++) {
			int prev = byIndex[rank - 1];
			int cur = byIndex[rank];
			bars[cur] = (Long.compareUnsigned(indexes[prev], indexes[cur]) < 0) ? rank : bars[prev];
		}
		StringBuilder buf = new StringBuilder();
		buf.append(" ".repeat(n)).append("    idx\n");
		for (int i = 0; i < n; i++) {
			if (known[i]) {
				buf.append("x".repeat(bars[i])).append('>').append(" ".repeat(n - bars[i]));
			}
			else {
				buf.append('?').append(" ".repeat(n));
			}
			buf.append(String.format(" %5s    (id=%x)\n", Long.toUnsignedString(indexes[i]), ids[i]));
		}
		return buf.toString();
	}

	/** The ids in ascending order, lowercase hex, space separated in parentheses: {@code (1 2 3)}. */
	@Override
	public String toString() {
		StringBuilder buf = new StringBuilder("(");
		for (long id : this.ids) {
			if (buf.length() > 1) {
				buf.append(' ');
			}
			buf.append(Long.toHexString(id));
		}
		return buf.append(')').toString();
	}

}
