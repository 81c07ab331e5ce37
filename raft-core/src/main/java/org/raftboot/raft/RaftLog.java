package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Snapshot;

/**
 * The replicated log as raft sees it: the durable part in {@link Storage} followed by the
 * {@link Unstable} part, with the commit and apply cursors. Indexes and terms are compared as
 * signed values (they never reach 2^63); sizes and limits are unsigned.
 */
final class RaftLog {

	final Storage storage;

	final Unstable unstable;

	/** The highest index known to be committed by a quorum. */
	long committed;

	/** The highest index handed to the application to apply ({@code applied <= applying <= committed}). */
	long applying;

	/** The highest index the application has applied. */
	long applied;

	final RaftLogger logger;

	/** The unsigned limit on the total size of entries being applied at once. */
	final long maxApplyingEntsSize;

	long applyingEntsSize;

	boolean applyingEntsPaused;

	RaftLog(Storage storage, RaftLogger logger) {
		this(storage, logger, RaftConstants.NO_LIMIT);
	}

	RaftLog(Storage storage, RaftLogger logger, long maxApplyingEntsSize) {
		long firstIndex = storage.firstIndex();
		long lastIndex = storage.lastIndex();
		this.storage = storage;
		this.unstable = new Unstable(lastIndex + 1, logger);
		this.maxApplyingEntsSize = maxApplyingEntsSize;
		this.committed = firstIndex - 1;
		this.applying = firstIndex - 1;
		this.applied = firstIndex - 1;
		this.logger = logger;
	}

	@Override
	public String toString() {
		return String.format(
				"committed=%d, applied=%d, applying=%d, unstable.offset=%d, unstable.offsetInProgress=%d, len(unstable.Entries)=%d",
				this.committed, this.applied, this.applying, this.unstable.offset, this.unstable.offsetInProgress,
				this.unstable.entries.size());
	}

	/**
	 * Appends the slice if its previous entry matches our log, truncating any conflicting suffix,
	 * and advances the commit index to {@code min(committed, a.lastIndex())}.
	 * @return false when {@code a.prev} does not match (the caller rejects the append)
	 */
	boolean maybeAppend(LogSlice a, long committed) {
		if (!matchTerm(a.prev())) {
			return false;
		}
		long lastnewi = a.lastIndex();
		long ci = findConflict(a.entries());
		if (ci != 0) {
			if (ci <= this.committed) {
				throw this.logger.panicf("entry %d conflict with committed entry [committed(%d)]", ci, this.committed);
			}
			long offset = a.prev().index() + 1;
			if (ci - offset > a.entries().size()) {
				throw this.logger.panicf("index, %d, is out of range [%d]", ci - offset, a.entries().size());
			}
			append(a.entries().subList((int) (ci - offset), a.entries().size()));
		}
		commitTo(Math.min(committed, lastnewi));
		return true;
	}

	/** Appends (truncating any suffix they overwrite) and returns the new last index. */
	long append(List<Entry> ents) {
		if (ents.isEmpty()) {
			return lastIndex();
		}
		long after = ents.get(0).getIndex() - 1;
		if (after < this.committed) {
			throw this.logger.panicf("after(%d) is out of range [committed(%d)]", after, this.committed);
		}
		this.unstable.truncateAndAppend(ents);
		return lastIndex();
	}

	/**
	 * The index of the first entry of {@code ents} whose term differs from ours (or that we do not
	 * have), or 0 when all of them match.
	 */
	long findConflict(List<Entry> ents) {
		for (Entry entry : ents) {
			EntryId id = EntryId.of(entry);
			if (!matchTerm(id)) {
				if (id.index() <= lastIndex()) {
					this.logger.infof("found conflict at index %d [existing term: %d, conflicting term: %d]",
							id.index(), zeroTermOnOutOfBounds(id.index()), id.term());
				}
				return id.index();
			}
		}
		return 0;
	}

	/**
	 * The last entry at or below {@code index} whose term is at most {@code term}: a leader uses it to
	 * skip a follower's divergent entries in one step. When our term at some index is unknown
	 * (compacted or missing) that index is returned with term 0.
	 */
	EntryId findConflictByTerm(long index, long term) {
		for (; index > 0; index--) {
			long ourTerm;
			try {
				ourTerm = term(index);
			}
			catch (StorageException.Compacted | StorageException.Unavailable ex) {
				return new EntryId(0, index);
			}
			if (ourTerm <= term) {
				return new EntryId(ourTerm, index);
			}
		}
		return new EntryId(0, 0);
	}

	List<Entry> nextUnstableEnts() {
		return this.unstable.nextEntries();
	}

	boolean hasNextUnstableEnts() {
		return !nextUnstableEnts().isEmpty();
	}

	boolean hasNextOrInProgressUnstableEnts() {
		return !this.unstable.entries.isEmpty();
	}

	/**
	 * The committed entries the application may apply next, paced by
	 * {@code maxApplyingEntsSize}; with {@code allowUnstable} they may include entries not yet
	 * durable locally.
	 */
	List<Entry> nextCommittedEnts(boolean allowUnstable) {
		if (this.applyingEntsPaused || hasNextOrInProgressSnapshot()) {
			return List.of();
		}
		long lo = this.applying + 1;
		long hi = maxAppliableIndex(allowUnstable) + 1;
		if (lo >= hi) {
			return List.of();
		}
		long maxSize = this.maxApplyingEntsSize - this.applyingEntsSize;
		if (maxSize == 0) {
			throw this.logger.panicf("applying entry size (%s-%s)=%s not positive",
					Long.toUnsignedString(this.maxApplyingEntsSize), Long.toUnsignedString(this.applyingEntsSize),
					Long.toUnsignedString(maxSize));
		}
		try {
			return slice(lo, hi, maxSize);
		}
		catch (StorageException ex) {
			throw this.logger.panicf("unexpected error when getting unapplied entries (%s)", ex.getMessage());
		}
	}

	boolean hasNextCommittedEnts(boolean allowUnstable) {
		if (this.applyingEntsPaused || hasNextOrInProgressSnapshot()) {
			return false;
		}
		return this.applying + 1 < maxAppliableIndex(allowUnstable) + 1;
	}

	private long maxAppliableIndex(boolean allowUnstable) {
		long hi = this.committed;
		if (!allowUnstable) {
			hi = Math.min(hi, this.unstable.offset - 1);
		}
		return hi;
	}

	@Nullable Snapshot nextUnstableSnapshot() {
		return this.unstable.nextSnapshot();
	}

	boolean hasNextUnstableSnapshot() {
		return this.unstable.nextSnapshot() != null;
	}

	boolean hasNextOrInProgressSnapshot() {
		return this.unstable.snapshot != null;
	}

	/**
	 * The pending snapshot, else the storage's.
	 * @throws StorageException.SnapshotTemporarilyUnavailable from storage
	 */
	Snapshot snapshot() {
		Snapshot pending = this.unstable.snapshot;
		return (pending != null) ? pending : this.storage.snapshot();
	}

	long firstIndex() {
		long i = this.unstable.maybeFirstIndex();
		return (i != -1L) ? i : this.storage.firstIndex();
	}

	long lastIndex() {
		long i = this.unstable.maybeLastIndex();
		return (i != -1L) ? i : this.storage.lastIndex();
	}

	void commitTo(long tocommit) {
		if (this.committed < tocommit) {
			if (lastIndex() < tocommit) {
				throw this.logger.panicf(
						"tocommit(%d) is out of range [lastIndex(%d)]. Was the raft log corrupted, truncated, or lost?",
						tocommit, lastIndex());
			}
			this.committed = tocommit;
		}
	}

	/** The application applied up to {@code i}; {@code size} is the size of the entries it applied. */
	void appliedTo(long i, long size) {
		if (this.committed < i || i < this.applied) {
			throw this.logger.panicf("applied(%d) is out of range [prevApplied(%d), committed(%d)]", i, this.applied,
					this.committed);
		}
		this.applied = i;
		this.applying = Math.max(this.applying, i);
		if (Long.compareUnsigned(this.applyingEntsSize, size) > 0) {
			this.applyingEntsSize -= size;
		}
		else {
			this.applyingEntsSize = 0;
		}
		this.applyingEntsPaused = Long.compareUnsigned(this.applyingEntsSize, this.maxApplyingEntsSize) >= 0;
	}

	/** Entries up to {@code i}, of total {@code size}, were handed to the application. */
	void acceptApplying(long i, long size, boolean allowUnstable) {
		if (this.committed < i) {
			throw this.logger.panicf("applying(%d) is out of range [prevApplying(%d), committed(%d)]", i,
					this.applying, this.committed);
		}
		this.applying = i;
		this.applyingEntsSize += size;
		// Pause when over the size budget, or when the slice was cut short by it (more is appliable).
		this.applyingEntsPaused = Long.compareUnsigned(this.applyingEntsSize, this.maxApplyingEntsSize) >= 0
				|| i < maxAppliableIndex(allowUnstable);
	}

	void stableTo(EntryId id) {
		this.unstable.stableTo(id);
	}

	void stableSnapTo(long i) {
		this.unstable.stableSnapTo(i);
	}

	void acceptUnstable() {
		this.unstable.acceptInProgress();
	}

	EntryId lastEntryId() {
		long index = lastIndex();
		long t;
		try {
			t = term(index);
		}
		catch (StorageException.Compacted | StorageException.Unavailable ex) {
			throw this.logger.panicf("unexpected error when getting the last term at %d: %s", index, ex.getMessage());
		}
		return new EntryId(t, index);
	}

	/**
	 * The term of entry {@code i}, valid for {@code [firstIndex()-1, lastIndex()]}.
	 * @throws StorageException.Compacted below that range
	 * @throws StorageException.Unavailable above it
	 */
	long term(long i) {
		long t = this.unstable.maybeTerm(i);
		if (t != -1L) {
			return t;
		}
		// The entry before the first one keeps its term for matching, hence i+1.
		if (i + 1 < firstIndex()) {
			throw new StorageException.Compacted();
		}
		if (i > lastIndex()) {
			throw new StorageException.Unavailable();
		}
		return this.storage.term(i);
	}

	/** The entries from {@code i} to the end, within {@code maxSize} (unsigned, at least one). */
	List<Entry> entries(long i, long maxSize) {
		if (i > lastIndex()) {
			return List.of();
		}
		return slice(i, lastIndex() + 1, maxSize);
	}

	List<Entry> allEntries() {
		while (true) {
			try {
				return entries(firstIndex(), RaftConstants.NO_LIMIT);
			}
			catch (StorageException.Compacted ex) {
				// A compaction raced with the read: try again from the new first index.
			}
		}
	}

	/** Whether a log ending at {@code their} is at least as up to date as ours (the voting rule). */
	boolean isUpToDate(EntryId their) {
		EntryId our = lastEntryId();
		return their.term() > our.term() || (their.term() == our.term() && their.index() >= our.index());
	}

	boolean matchTerm(EntryId id) {
		try {
			return term(id.index()) == id.term();
		}
		catch (StorageException.Compacted | StorageException.Unavailable ex) {
			return false;
		}
	}

	/** Commits up to {@code at} if our log holds it (a leader commits only entries it knows match). */
	boolean maybeCommit(EntryId at) {
		if (at.term() != 0 && at.index() > this.committed && matchTerm(at)) {
			commitTo(at.index());
			return true;
		}
		return false;
	}

	void restore(Snapshot s) {
		this.logger.infof("log [%s] starts to restore snapshot [index: %d, term: %d]", this,
				s.getMetadata().getIndex(), s.getMetadata().getTerm());
		this.committed = s.getMetadata().getIndex();
		this.unstable.restore(s);
	}

	/**
	 * Visits the entries in {@code [lo, hi)} in pages of at most {@code pageSize} bytes (at least one
	 * entry each). The visitor stops the scan early by throwing.
	 * @throws StorageException.Compacted if {@code lo} was compacted meanwhile
	 */
	void scan(long lo, long hi, long pageSize, Consumer<List<Entry>> visitor) {
		while (lo < hi) {
			List<Entry> ents = slice(lo, hi, pageSize);
			if (ents.isEmpty()) {
				throw new StorageException(String.format("got 0 entries in [%d, %d)", lo, hi));
			}
			visitor.accept(ents);
			lo += ents.size();
		}
	}

	/**
	 * The entries in {@code [lo, hi)}, at most {@code maxSize} bytes (unsigned) but at least one;
	 * the caller owns the returned list.
	 * @throws StorageException.Compacted if {@code lo} was compacted
	 */
	List<Entry> slice(long lo, long hi, long maxSize) {
		mustCheckOutOfBounds(lo, hi);
		if (lo == hi) {
			return List.of();
		}
		if (lo >= this.unstable.offset) {
			return new ArrayList<>(Messages.limitSize(this.unstable.slice(lo, hi), maxSize));
		}
		long cut = Math.min(hi, this.unstable.offset);
		List<Entry> ents;
		try {
			ents = this.storage.entries(lo, cut, maxSize);
		}
		catch (StorageException.Unavailable ex) {
			throw this.logger.panicf("entries[%d:%d) is unavailable from storage", lo, cut);
		}
		if (hi <= this.unstable.offset) {
			return ents;
		}
		// Storage cut the slice short on size: the unstable entries cannot follow.
		if (ents.size() < cut - lo) {
			return ents;
		}
		long size = Messages.entsSize(ents);
		if (Long.compareUnsigned(size, maxSize) >= 0) {
			return ents;
		}
		List<Entry> unstableEnts = Messages.limitSize(this.unstable.slice(this.unstable.offset, hi), maxSize - size);
		// limitSize keeps at least one entry; it may not fit after the stable ones.
		if (unstableEnts.size() == 1
				&& Long.compareUnsigned(size + Messages.entsSize(unstableEnts), maxSize) > 0) {
			return ents;
		}
		List<Entry> result = new ArrayList<>(ents.size() + unstableEnts.size());
		result.addAll(ents);
		result.addAll(unstableEnts);
		return result;
	}

	private void mustCheckOutOfBounds(long lo, long hi) {
		if (lo > hi) {
			throw this.logger.panicf("invalid slice %d > %d", lo, hi);
		}
		long fi = firstIndex();
		if (lo < fi) {
			throw new StorageException.Compacted();
		}
		long length = lastIndex() + 1 - fi;
		if (hi > fi + length) {
			throw this.logger.panicf("slice[%d,%d) out of bound [%d,%d]", lo, hi, fi, lastIndex());
		}
	}

	/** The term of entry {@code i}, or 0 when it is compacted or not in the log. */
	long zeroTermOnOutOfBounds(long i) {
		try {
			return term(i);
		}
		catch (StorageException.Compacted | StorageException.Unavailable ex) {
			return 0;
		}
	}

}
