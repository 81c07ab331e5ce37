package org.raftboot.raft.tracker;

/**
 * The appends sent to a follower but not yet acknowledged (etcd's {@code tracker.Inflights}): a ring
 * buffer bounded by a message count and, optionally, a byte total. The buffer grows lazily,
 * doubling up to the limit, because limits as large as 2^31-1 are legitimate.
 */
public final class Inflights {

	private final int size;

	private final long maxBytes;

	private int start;

	private int count;

	private long bytes;

	private long[] indexes = new long[0];

	private long[] sizes = new long[0];

	/**
	 * @param size the maximum number of inflight messages
	 * @param maxBytes the maximum total payload in bytes (unsigned), 0 for no limit
	 */
	public Inflights(int size, long maxBytes) {
		this.size = size;
		this.maxBytes = maxBytes;
	}

	public Inflights copy() {
		Inflights copy = new Inflights(this.size, this.maxBytes);
		copy.start = this.start;
		copy.count = this.count;
		copy.bytes = this.bytes;
		copy.indexes = this.indexes.clone();
		copy.sizes = this.sizes.clone();
		return copy;
	}

	/**
	 * Records an append whose last entry is {@code index}, carrying {@code bytes} of payload. Indexes
	 * must be added in increasing order.
	 * @throws IllegalStateException if the window is {@link #full()}
	 */
	public void add(long index, long bytes) {
		if (full()) {
			throw new IllegalStateException("cannot add into a Full inflights");
		}
		// In long arithmetic: with a size near Integer.MAX_VALUE, start + count may overflow an int.
		long end = (long) this.start + this.count;
		int next = (int) ((end >= this.size) ? end - this.size : end);
		if (next >= this.indexes.length) {
			grow();
		}
		this.indexes[next] = index;
		this.sizes[next] = bytes;
		this.count++;
		this.bytes += bytes;
	}

	private void grow() {
		int newSize = (this.indexes.length == 0) ? 1 : (int) Math.min(2L * this.indexes.length, this.size);
		long[] newIndexes = new long[newSize];
		long[] newSizes = new long[newSize];
		System.arraycopy(this.indexes, 0, newIndexes, 0, this.indexes.length);
		System.arraycopy(this.sizes, 0, newSizes, 0, this.sizes.length);
		this.indexes = newIndexes;
		this.sizes = newSizes;
	}

	/** Frees every inflight append whose last index is at most {@code to} (unsigned). */
	public void freeLE(long to) {
		if (this.count == 0 || Long.compareUnsigned(to, this.indexes[this.start]) < 0) {
			return;
		}
		int idx = this.start;
		int freed = 0;
		long freedBytes = 0;
		while (freed < this.count && Long.compareUnsigned(to, this.indexes[idx]) >= 0) {
			freedBytes += this.sizes[idx];
			freed++;
			idx++;
			if (idx >= this.size) {
				idx -= this.size;
			}
		}
		this.count -= freed;
		this.bytes -= freedBytes;
		this.start = (this.count == 0) ? 0 : idx;
	}

	/** Whether no more appends may be sent: the count or the byte limit is reached. */
	public boolean full() {
		return this.count == this.size || (this.maxBytes != 0 && Long.compareUnsigned(this.bytes, this.maxBytes) >= 0);
	}

	public int count() {
		return this.count;
	}

	/** The payload bytes currently in flight (unsigned). */
	long bytes() {
		return this.bytes;
	}

	/** The length of the ring buffer allocated so far. */
	int capacity() {
		return this.indexes.length;
	}

	/** Forgets every inflight append (the buffer is kept for reuse). */
	public void reset() {
		this.start = 0;
		this.count = 0;
		this.bytes = 0;
	}

}
