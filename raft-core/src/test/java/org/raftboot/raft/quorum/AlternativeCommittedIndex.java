package org.raftboot.raft.quorum;

import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive committed-index computation to check {@link MajorityConfig#committedIndex}
 * against: for every acknowledged index, count the voters at or above it, and take the largest
 * index a quorum reached.
 */
final class AlternativeCommittedIndex {

	private AlternativeCommittedIndex() {
	}

	static long of(MajorityConfig c, AckedIndexer l) {
		if (c.isEmpty()) {
			return -1L;
		}
		Map<Long, Integer> votesAtOrAbove = new TreeMap<>(Long::compareUnsigned);
		for (long id : c) {
			long idx = l.ackedIndex(id);
			if (idx != AckedIndexer.UNKNOWN) {
				votesAtOrAbove.put(idx, 0);
			}
		}
		for (long id : c) {
			long idx = l.ackedIndex(id);
			if (idx == AckedIndexer.UNKNOWN) {
				continue;
			}
			votesAtOrAbove.replaceAll((candidate, n) -> (Long.compareUnsigned(candidate, idx) <= 0) ? n + 1 : n);
		}
		int quorum = c.size() / 2 + 1;
		long max = 0;
		for (Map.Entry<Long, Integer> e : votesAtOrAbove.entrySet()) {
			if (e.getValue() >= quorum && Long.compareUnsigned(e.getKey(), max) > 0) {
				max = e.getKey();
			}
		}
		return max;
	}

}
