package org.raftboot.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The one daemon thread of a storage's background work (WAL pre-allocation, segment deletion). */
final class BackgroundThread {

	private BackgroundThread() {
	}

	/** An executor that runs its tasks in order on a daemon thread named {@code name}. */
	static ExecutorService start(String name) {
		return Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}
}
