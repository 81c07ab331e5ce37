package org.raftboot.storage;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Holds the first snapshot file that a storage under a directory writes from the heap before its
 * sync, until released, for tests outside this package that need a snapshot write in flight.
 */
public final class SnapshotSyncHold {

	private SnapshotSyncHold() {
	}

	/** Holds the first such write under {@code dir} until {@code release}; completes with its file once held. */
	public static CompletableFuture<Path> holdFirstUnder(Path dir, CountDownLatch release) {
		CompletableFuture<Path> held = new CompletableFuture<>();
		Path root = dir.toAbsolutePath();
		SnapshotFiles.beforeSync = (file) -> {
			if (file.toAbsolutePath().startsWith(root) && held.complete(file)) {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
		return held;
	}

	/** Holds nothing from now on. */
	public static void clear() {
		SnapshotFiles.beforeSync = (file) -> {
		};
	}
}
