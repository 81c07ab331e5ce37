package org.raftboot.storage;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Deletes the WAL segments a compaction released, on a background thread. Unlinking a large file
 * frees its blocks and its cached pages, which on a busy disk takes longer than an election timeout
 * for a compaction that releases many segments; under the storage's write lock, every save would
 * wait for it. Segments are deleted oldest first, in the order they were released, so a crash
 * leaves at most a prefix of them: recovery reads them as part of the log, and the next compaction
 * releases them again. {@link #close()} waits for the deletions queued, so nothing is deleted once
 * the storage's directory is unlocked. Used by the writers only (under the storage's write lock).
 */
final class SegmentReclaimer implements Closeable {

	private static final System.Logger LOG = System.getLogger("org.raftboot.storage");

	private @Nullable ExecutorService executor;

	/** Queues the deletion of released segments, after those queued before. */
	void delete(List<Segment> released) {
		if (released.isEmpty()) {
			return;
		}
		if (this.executor == null) {
			this.executor = BackgroundThread.start("raftboot-wal-reclaimer");
		}
		this.executor.execute(() -> released.forEach(SegmentReclaimer::delete));
	}

	private static void delete(Segment segment) {
		try {
			segment.delete();
			LOG.log(Level.DEBUG, "Deleted compacted WAL segment {0}", segment);
		}
		catch (IOException ex) {
			LOG.log(Level.WARNING, "Could not delete compacted WAL segment " + segment, ex);
		}
	}

	/** Waits for the deletions queued, then ends the thread. */
	@Override
	public void close() {
		ExecutorService pending = this.executor;
		if (pending == null) {
			return;
		}
		pending.shutdown();
		boolean interrupted = false;
		while (!pending.isTerminated()) {
			try {
				pending.awaitTermination(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}
}
