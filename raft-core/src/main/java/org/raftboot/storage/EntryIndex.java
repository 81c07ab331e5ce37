package org.raftboot.storage;

import java.util.Arrays;

/**
 * Where each entry of the log is on disk, with its term and size, in primitive arrays (20 bytes an
 * entry), so that a long log costs little heap and term lookups never read the disk. Covers the
 * entries {@code (offsetIndex, lastIndex]}; the offset's term is kept for matching, as the dummy
 * entry of etcd's MemoryStorage.
 */
final class EntryIndex {

	/** The position of an entry whose record lives in a deleted segment (replay only). */
	static final long MISSING = -1L;

	private static final int MIN_CAPACITY = 16;

	private long offsetIndex;

	private long offsetTerm;

	private long[] terms = new long[MIN_CAPACITY];

	private long[] positions = new long[MIN_CAPACITY];

	private int[] sizes = new int[MIN_CAPACITY];

	private int start;

	private int count;

	long offsetIndex() {
		return this.offsetIndex;
	}

	long offsetTerm() {
		return this.offsetTerm;
	}

	long lastIndex() {
		return this.offsetIndex + this.count;
	}

	boolean isEmpty() {
		return this.count == 0;
	}

	/** The term of entry {@code i}, for {@code i} in {@code [offsetIndex, lastIndex]}. */
	long term(long i) {
		return (i == this.offsetIndex) ? this.offsetTerm : this.terms[slot(i)];
	}

	long position(long i) {
		return this.positions[slot(i)];
	}

	int size(long i) {
		return this.sizes[slot(i)];
	}

	private int slot(long i) {
		return this.start + (int) (i - this.offsetIndex - 1);
	}

	/** Forgets every entry: the log restarts after {@code (index, term)}. */
	void reset(long index, long term) {
		this.offsetIndex = index;
		this.offsetTerm = term;
		this.start = 0;
		this.count = 0;
		if (this.terms.length > MIN_CAPACITY) {
			resize(MIN_CAPACITY);
		}
	}

	/** Forgets the entries from {@code i} on, for {@code i} in {@code (offsetIndex, lastIndex + 1]}. */
	void truncateFrom(long i) {
		this.count = (int) (i - this.offsetIndex - 1);
	}

	void append(long term, long position, int size) {
		if (this.start + this.count == this.terms.length) {
			resize((this.count < this.terms.length / 2) ? this.terms.length : this.terms.length * 2);
		}
		int slot = this.start + this.count;
		this.terms[slot] = term;
		this.positions[slot] = position;
		this.sizes[slot] = size;
		this.count++;
	}

	/**
	 * Forgets the entries up to and including {@code index}, which becomes the offset. The arrays
	 * shrink only when they are over four times the size the log had before: a log compacted behind
	 * each snapshot grows back to that size, and keeps its arrays (sliding within them) instead of
	 * growing new ones every snapshot cycle.
	 */
	void compactTo(long index, long term) {
		int before = this.count;
		int dropped = (int) (index - this.offsetIndex);
		this.start += dropped;
		this.count -= dropped;
		this.offsetIndex = index;
		this.offsetTerm = term;
		if (before < this.terms.length / 4 && this.terms.length > MIN_CAPACITY) {
			resize(Math.max(MIN_CAPACITY, before * 2));
		}
	}

	/** The first entry whose position is {@link #MISSING}, or -1 if none is. */
	long firstMissing() {
		for (int k = 0; k < this.count; k++) {
			if (this.positions[this.start + k] == MISSING) {
				return this.offsetIndex + 1 + k;
			}
		}
		return -1;
	}

	/** The heap the arrays take, in bytes (what bounds memory for a long log). */
	long retainedBytes() {
		return (long) this.terms.length * (Long.BYTES + Long.BYTES + Integer.BYTES);
	}

	/**
	 * Moves the live slots to the front of arrays of {@code capacity} slots: within the same arrays
	 * when they have that capacity (a log compacted at its head and appended at its tail only ever
	 * slides), else into new ones.
	 */
	private void resize(int capacity) {
		if (capacity == this.terms.length) {
			System.arraycopy(this.terms, this.start, this.terms, 0, this.count);
			System.arraycopy(this.positions, this.start, this.positions, 0, this.count);
			System.arraycopy(this.sizes, this.start, this.sizes, 0, this.count);
		}
		else {
			this.terms = Arrays.copyOfRange(this.terms, this.start, this.start + capacity);
			this.positions = Arrays.copyOfRange(this.positions, this.start, this.start + capacity);
			this.sizes = Arrays.copyOfRange(this.sizes, this.start, this.start + capacity);
		}
		this.start = 0;
	}

}
