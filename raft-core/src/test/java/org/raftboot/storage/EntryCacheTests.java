package org.raftboot.storage;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryCacheTests {

	@Test
	void theCacheKeepsOnlyTheMostRecentEntriesThatFitItsCount() {
		EntryCache cache = new EntryCache(10, Long.MAX_VALUE);
		cache.append(FileStorageTests.entries(1, 25, 1));
		assertThat(cached(cache, 1, 30)).containsExactlyElementsOf(range(16, 25));
	}

	@Test
	void theCacheKeepsOnlyTheMostRecentEntriesThatFitItsBytes() {
		long entrySize = FileStorageTests.entries(199, 199, 1).get(0).getSerializedSize();
		EntryCache cache = new EntryCache(1000, 5 * entrySize);
		cache.append(FileStorageTests.entries(100, 199, 1));
		assertThat(cached(cache, 1, 300)).containsExactlyElementsOf(range(195, 199));
	}

	@Test
	void aConflictingAppendReplacesTheCachedSuffixAndCompactionDropsThePrefix() {
		EntryCache cache = new EntryCache(100, Long.MAX_VALUE);
		cache.append(FileStorageTests.entries(1, 20, 1));
		cache.append(FileStorageTests.entries(11, 12, 2));
		assertThat(cached(cache, 1, 30)).containsExactlyElementsOf(range(1, 12));
		assertThat(cache.get(12)).isEqualTo(FileStorageTests.entries(12, 12, 2).get(0));
		cache.compactTo(5);
		assertThat(cached(cache, 1, 30)).containsExactlyElementsOf(range(6, 12));
	}

	@Test
	void entriesThatDoNotFollowTheCachedOnesReplaceThem() {
		EntryCache cache = new EntryCache(100, Long.MAX_VALUE);
		cache.append(FileStorageTests.entries(1, 5, 1));
		cache.append(FileStorageTests.entries(50, 52, 3));
		assertThat(cached(cache, 1, 60)).containsExactlyElementsOf(range(50, 52));
	}

	@Test
	void aCacheOfSizeZeroHoldsNothing() {
		EntryCache cache = new EntryCache(0, Long.MAX_VALUE);
		cache.append(FileStorageTests.entries(1, 5, 1));
		assertThat(cached(cache, 1, 10)).isEmpty();
	}

	private static List<Long> cached(EntryCache cache, long from, long to) {
		return LongStream.range(from, to).filter((i) -> cache.get(i) != null).boxed().toList();
	}

	private static List<Long> range(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

}
