package org.raftboot.storage;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;

/**
 * The most recently written entries, a contiguous run of indexes bounded in count and bytes, so the
 * leader replicating fresh entries to its followers reads them from memory instead of disk.
 */
final class EntryCache {

	private final @Nullable Entry[] ring;

	private final long maxBytes;

	/** Index of the entry in {@code ring[head]}. */
	private long first;

	private int head;

	private int size;

	private long bytes;

	EntryCache(int maxEntries, long maxBytes) {
		this.ring = new Entry[maxEntries];
		this.maxBytes = maxBytes;
	}

	@Nullable Entry get(long i) {
		if (this.size == 0 || i < this.first || i >= this.first + this.size) {
			return null;
		}
		return this.ring[slot((int) (i - this.first))];
	}

	/** Adds entries that follow the log's first {@code entries.get(0).getIndex() - 1} entries. */
	void append(List<Entry> entries) {
		if (this.ring.length == 0 || entries.isEmpty()) {
			return;
		}
		long from = entries.get(0).getIndex();
		truncateFrom(from);
		if (this.size > 0 && from != this.first + this.size) {
			clear();
		}
		if (this.size == 0) {
			this.first = from;
		}
		for (Entry entry : entries) {
			if (this.size == this.ring.length) {
				evictFirst();
			}
			this.ring[slot(this.size)] = entry;
			this.size++;
			this.bytes += entry.getSerializedSize();
			while (this.bytes > this.maxBytes && this.size > 0) {
				evictFirst();
			}
		}
	}

	/** Drops the entries at {@code index} and after. */
	void truncateFrom(long index) {
		while (this.size > 0 && this.first + this.size - 1 >= index) {
			int last = slot(this.size - 1);
			this.bytes -= this.ring[last].getSerializedSize();
			this.ring[last] = null;
			this.size--;
		}
	}

	/** Drops the entries up to and including {@code index}. */
	void compactTo(long index) {
		while (this.size > 0 && this.first <= index) {
			evictFirst();
		}
	}

	void clear() {
		compactTo(Long.MAX_VALUE);
	}

	private void evictFirst() {
		this.bytes -= this.ring[this.head].getSerializedSize();
		this.ring[this.head] = null;
		this.head = (this.head + 1) % this.ring.length;
		this.first++;
		this.size--;
	}

	private int slot(int k) {
		return (this.head + k) % this.ring.length;
	}

}
