package org.raftboot.raft;

import org.raftboot.raft.pb.Entry;

/**
 * Identifies a log entry by its term and index: by the log matching property, two logs holding
 * the same id hold the same entries up to it.
 */
record EntryId(long term, long index) {

	static EntryId of(Entry entry) {
		return new EntryId(entry.getTerm(), entry.getIndex());
	}

	/** Go's {@code %+v} form, used in etcd's error texts. */
	@Override
	public String toString() {
		return "{term:" + this.term + " index:" + this.index + "}";
	}

}
