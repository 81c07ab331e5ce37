package org.raftboot.storage;

import java.nio.file.Path;

/**
 * How a {@link FileStorage} lays out and syncs its directory. Immutable; build with
 * {@link #builder(Path)}.
 *
 * @param dir the directory holding the lock file, the WAL segments and the snapshots
 * @param segmentSize the size a WAL segment is pre-allocated to before the next one is started
 * @param fsync whether writes are made durable before they return; switch off only for tests and
 * benchmarks, never in production
 * @param cacheSize how many of the most recently written entries are kept in memory
 * @param cacheBytes the most bytes (serialized entry sizes) the cache of recent entries holds
 */
public record FileStorageOptions(Path dir, long segmentSize, boolean fsync, int cacheSize, long cacheBytes) {

	/** 64 MiB, as etcd's WAL. */
	public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;

	public static final int DEFAULT_CACHE_SIZE = 4096;

	public static final long DEFAULT_CACHE_BYTES = 16L * 1024 * 1024;

	/** Segments are addressed with 40-bit offsets and read whole at recovery. */
	public static final long MAX_SEGMENT_SIZE = 1L << 30;

	public FileStorageOptions {
		if (segmentSize < 4096 || segmentSize > MAX_SEGMENT_SIZE) {
			throw new IllegalArgumentException(
					"'segmentSize' must be between 4096 and " + MAX_SEGMENT_SIZE + " bytes, was " + segmentSize);
		}
		if (cacheSize < 0) {
			throw new IllegalArgumentException("'cacheSize' must not be negative, was " + cacheSize);
		}
		if (cacheBytes < 0) {
			throw new IllegalArgumentException("'cacheBytes' must not be negative, was " + cacheBytes);
		}
	}

	/** Options with the defaults: 64 MiB segments, fsync on, a cache of 4096 entries or 16 MiB. */
	public static Builder builder(Path dir) {
		return new Builder(dir);
	}

	/** Builds {@link FileStorageOptions}, starting from the defaults. */
	public static final class Builder {

		private final Path dir;

		private long segmentSize = DEFAULT_SEGMENT_SIZE;

		private boolean fsync = true;

		private int cacheSize = DEFAULT_CACHE_SIZE;

		private long cacheBytes = DEFAULT_CACHE_BYTES;

		private Builder(Path dir) {
			this.dir = dir;
		}

		public Builder segmentSize(long segmentSize) {
			this.segmentSize = segmentSize;
			return this;
		}

		public Builder fsync(boolean fsync) {
			this.fsync = fsync;
			return this;
		}

		public Builder cacheSize(int cacheSize) {
			this.cacheSize = cacheSize;
			return this;
		}

		public Builder cacheBytes(long cacheBytes) {
			this.cacheBytes = cacheBytes;
			return this;
		}

		public FileStorageOptions build() {
			return new FileStorageOptions(this.dir, this.segmentSize, this.fsync, this.cacheSize, this.cacheBytes);
		}

	}

}
