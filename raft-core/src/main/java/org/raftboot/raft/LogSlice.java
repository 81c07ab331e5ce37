package org.raftboot.raft;

import java.util.List;

import org.raftboot.raft.pb.Entry;

/**
 * Entries a leader at {@code term} sent, following the entry {@code prev}: the unit of log
 * appends. Its invariants are checked by {@link #valid()} rather than enforced, as in etcd.
 */
record LogSlice(long term, EntryId prev, List<Entry> entries) {

	long lastIndex() {
		return this.prev.index() + this.entries.size();
	}

	EntryId lastEntryId() {
		if (this.entries.isEmpty()) {
			return this.prev;
		}
		return EntryId.of(this.entries.get(this.entries.size() - 1));
	}

	/**
	 * Checks that the entries are contiguous after {@code prev}, with non-decreasing terms no newer
	 * than the leader's term.
	 * @throws IllegalStateException with etcd's text when they are not
	 */
	void valid() {
		EntryId prev = this.prev;
		for (Entry entry : this.entries) {
			EntryId id = EntryId.of(entry);
			if (id.term() < prev.term() || id.index() != prev.index() + 1) {
				throw new IllegalStateException(
						String.format("leader term %d: entries %s and %s not consistent", this.term, prev, id));
			}
			prev = id;
		}
		if (this.term < prev.term()) {
			throw new IllegalStateException(
					String.format("leader term %d: entry %s has a newer term", this.term, prev));
		}
	}

}
