package org.raftboot.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Syncs a snapshot file being received while it is still being written, on a thread of the
 * transport's own, so that its data reaches the disk alongside the stream instead of all at once
 * when the storage syncs it at the end (Linux only starts writing dirty pages back once they are a
 * tenth of memory, and Java has no {@code sync_file_range}). The event loop that writes the file
 * never waits for a sync: a file with a sync in flight is closed on the sync thread too.
 */
final class SnapshotFileSync {

	/** Bytes written between two background syncs of one file. */
	static final long SYNC_EVERY = 64L << 20;

	private final FileChannel channel;

	private final Executor syncs;

	private final long interval;

	private final AtomicBoolean syncing = new AtomicBoolean();

	/** The first background sync that failed. */
	private volatile @Nullable IOException failure;

	private long unsynced;

	private boolean handedToSyncs;

	SnapshotFileSync(FileChannel channel, Executor syncs, long interval) {
		this.channel = channel;
		this.syncs = syncs;
		this.interval = interval;
	}

	/** Counts {@code bytes} written; starts a sync once {@link #SYNC_EVERY} are, unless one is running. */
	void written(long bytes) {
		this.unsynced += bytes;
		if (this.unsynced >= this.interval && this.syncing.compareAndSet(false, true)) {
			this.unsynced = 0;
			try {
				this.syncs.execute(this::sync);
				this.handedToSyncs = true;
			}
			catch (RejectedExecutionException ex) {
				this.syncing.set(false); // the transport is closing: the storage syncs the whole file
			}
		}
	}

	/**
	 * Closes the file, then runs {@code then} with the failure of a background sync or of the close,
	 * if any: at once when no sync was ever started, else on the sync thread after the syncs started
	 * before. A failed sync condemns the file: Linux reports a lost write-back once, so a later sync of
	 * the file (the storage's, when it adopts it) could succeed over data that never reached the disk.
	 */
	void close(Consumer<@Nullable IOException> then) {
		if (this.handedToSyncs) {
			try {
				this.syncs.execute(() -> then.accept(closeAndReport()));
				return;
			}
			catch (RejectedExecutionException ex) {
				// the transport is closing: close here, waiting for a sync in flight if need be
			}
		}
		then.accept(closeAndReport());
	}

	private void sync() {
		try {
			this.channel.force(false);
		}
		catch (IOException ex) {
			if (this.failure == null) {
				this.failure = ex;
			}
		}
		finally {
			this.syncing.set(false);
		}
	}

	/** Closes the file (after a sync in flight, if any); the first failure of a sync or of the close. */
	private @Nullable IOException closeAndReport() {
		IOException closeFailure = closeChannel();
		IOException syncFailure = this.failure;
		return (syncFailure != null) ? syncFailure : closeFailure;
	}

	private @Nullable IOException closeChannel() {
		try {
			this.channel.close();
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

	/**
	 * The transport's sync thread ({@code raft-snapshot-sync-<id>}): started when a large snapshot
	 * comes in, gone after some idle seconds, so an idle transport holds no thread for it.
	 */
	static ThreadPoolExecutor newExecutor(long nodeId) {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "raft-snapshot-sync-" + Long.toHexString(nodeId));
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}
}
