package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Snapshot;

/**
 * The part of the log not yet written to storage: an optional incoming snapshot followed by
 * entries starting at {@code offset}. Entries from {@code offsetInProgress} on, and the snapshot
 * unless {@code snapshotInProgress}, have not been handed out for writing yet.
 *
 * <p>The {@code maybe*} methods return {@code -1L} for "not known here" (etcd's {@code ok == false}).
 */
final class Unstable {

	@Nullable Snapshot snapshot;

	List<Entry> entries = new ArrayList<>();

	long offset;

	boolean snapshotInProgress;

	long offsetInProgress;

	final RaftLogger logger;

	Unstable(long offset, RaftLogger logger) {
		this.offset = offset;
		this.offsetInProgress = offset;
		this.logger = logger;
	}

	/** The first index of the log if a snapshot is pending, else -1. */
	long maybeFirstIndex() {
		Snapshot snap = this.snapshot;
		return (snap != null) ? snap.getMetadata().getIndex() + 1 : -1L;
	}

	/** The last index of the log if there are unstable entries or a snapshot, else -1. */
	long maybeLastIndex() {
		if (!this.entries.isEmpty()) {
			return this.offset + this.entries.size() - 1;
		}
		Snapshot snap = this.snapshot;
		return (snap != null) ? snap.getMetadata().getIndex() : -1L;
	}

	/** The term of entry {@code i} if this part knows it, else -1. */
	long maybeTerm(long i) {
		if (i < this.offset) {
			Snapshot snap = this.snapshot;
			if (snap != null && snap.getMetadata().getIndex() == i) {
				return snap.getMetadata().getTerm();
			}
			return -1L;
		}
		long last = maybeLastIndex();
		if (last == -1L || i > last) {
			return -1L;
		}
		return this.entries.get((int) (i - this.offset)).getTerm();
	}

	/** The entries not yet handed out for writing (a copy; empty when none). */
	List<Entry> nextEntries() {
		int inProgress = (int) (this.offsetInProgress - this.offset);
		if (this.entries.size() == inProgress) {
			return List.of();
		}
		return List.copyOf(this.entries.subList(inProgress, this.entries.size()));
	}

	/** The snapshot if it was not handed out for writing yet. */
	@Nullable Snapshot nextSnapshot() {
		if (this.snapshot == null || this.snapshotInProgress) {
			return null;
		}
		return this.snapshot;
	}

	/** Marks everything pending as being written. */
	void acceptInProgress() {
		if (!this.entries.isEmpty()) {
			this.offsetInProgress = this.entries.get(this.entries.size() - 1).getIndex() + 1;
		}
		if (this.snapshot != null) {
			this.snapshotInProgress = true;
		}
	}

	/** Drops the entries up to {@code id}, now durable, unless the log changed since they were written. */
	void stableTo(EntryId id) {
		long gt = maybeTerm(id.index());
		if (gt == -1L) {
			this.logger.infof("entry at index %d missing from unstable log; ignoring", id.index());
			return;
		}
		if (id.index() < this.offset) {
			this.logger.infof("entry at index %d matched unstable snapshot; ignoring", id.index());
			return;
		}
		if (gt != id.term()) {
			this.logger.infof("entry at (index,term)=(%d,%d) mismatched with entry at (%d,%d) in unstable log; ignoring",
					id.index(), id.term(), id.index(), gt);
			return;
		}
		int num = (int) (id.index() + 1 - this.offset);
		this.entries.subList(0, num).clear();
		this.offset = id.index() + 1;
		this.offsetInProgress = Math.max(this.offsetInProgress, this.offset);
	}

	void stableSnapTo(long i) {
		Snapshot snap = this.snapshot;
		if (snap != null && snap.getMetadata().getIndex() == i) {
			this.snapshot = null;
			this.snapshotInProgress = false;
		}
	}

	void restore(Snapshot s) {
		this.offset = s.getMetadata().getIndex() + 1;
		this.offsetInProgress = this.offset;
		this.entries = new ArrayList<>();
		this.snapshot = s;
		this.snapshotInProgress = false;
	}

	void truncateAndAppend(List<Entry> ents) {
		long fromIndex = ents.get(0).getIndex();
		if (fromIndex == this.offset + this.entries.size()) {
			this.entries.addAll(ents);
		}
		else if (fromIndex <= this.offset) {
			this.logger.infof("replace the unstable entries from index %d", fromIndex);
			this.entries = new ArrayList<>(ents);
			this.offset = fromIndex;
			this.offsetInProgress = this.offset;
		}
		else {
			this.logger.infof("truncate the unstable entries before index %d", fromIndex);
			mustCheckOutOfBounds(this.offset, fromIndex);
			this.entries.subList((int) (fromIndex - this.offset), this.entries.size()).clear();
			this.entries.addAll(ents);
			this.offsetInProgress = Math.min(this.offsetInProgress, fromIndex);
		}
	}

	/** A copy of the entries in {@code [lo, hi)}, which must lie within this part. */
	List<Entry> slice(long lo, long hi) {
		mustCheckOutOfBounds(lo, hi);
		return new ArrayList<>(this.entries.subList((int) (lo - this.offset), (int) (hi - this.offset)));
	}

	private void mustCheckOutOfBounds(long lo, long hi) {
		if (lo > hi) {
			throw this.logger.panicf("invalid unstable.slice %d > %d", lo, hi);
		}
		long upper = this.offset + this.entries.size();
		if (lo < this.offset || hi > upper) {
			throw this.logger.panicf("unstable.slice[%d,%d) out of bound [%d,%d]", lo, hi, this.offset, upper);
		}
	}

}
