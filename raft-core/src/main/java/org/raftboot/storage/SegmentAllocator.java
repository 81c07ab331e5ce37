package org.raftboot.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * Pre-allocates the next WAL segment on a background thread while the current one fills up, so the
 * save that starts a segment does not wait for its size in zeros to reach the disk (which can take
 * longer than an election timeout). Without a prepared segment, one is allocated on the spot.
 */
final class SegmentAllocator implements Closeable {

	private final Path dir;

	private final long size;

	private final boolean fsync;

	private @Nullable ExecutorService executor;

	private @Nullable Future<Path> pending;

	private long pendingSeq;

	SegmentAllocator(Path dir, long size, boolean fsync) {
		this.dir = dir;
		this.size = size;
		this.fsync = fsync;
	}

	/** Starts allocating segment {@code seq} in the background, unless one is under way. */
	void prepare(long seq) {
		if (this.pending != null) {
			return;
		}
		if (this.executor == null) {
			this.executor = BackgroundThread.start("raftboot-wal-allocator");
		}
		this.pendingSeq = seq;
		this.pending = this.executor.submit(() -> Segment.preallocate(this.dir, seq, this.size, this.fsync));
	}

	/** Segment {@code seq}, in the log and open: the prepared one, or one allocated now. */
	Segment take(long seq) throws IOException {
		Path file;
		if (this.pending != null && this.pendingSeq == seq) {
			file = await();
		}
		else {
			discardPending();
			file = Segment.preallocate(this.dir, seq, this.size, this.fsync);
		}
		return Segment.install(file, this.dir, seq);
	}

	private Path await() throws IOException {
		Future<Path> task = this.pending;
		this.pending = null;
		try {
			return task.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while pre-allocating a WAL segment");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException("cannot pre-allocate a WAL segment", ex.getCause());
		}
	}

	private void discardPending() throws IOException {
		if (this.pending != null) {
			Files.deleteIfExists(await());
		}
	}

	/** Waits for an allocation under way and deletes its file. */
	@Override
	public void close() throws IOException {
		try {
			discardPending();
		}
		finally {
			if (this.executor != null) {
				this.executor.shutdown();
			}
		}
	}

}
