package org.raftboot.storage;

import java.nio.file.Path;

import org.raftboot.raft.StorageException;

/**
 * Opens a storage directory in its own JVM and prints what it found and the heap it takes after a
 * full collection; exits with 3 when the storage refuses to open.
 */
final class OpenStorageMain {

	private OpenStorageMain() {
	}

	public static void main(String[] args) {
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(Path.of(args[0])).fsync(false).build())) {
			long last = storage.lastIndex();
			int lastSize = storage.entries(last, last + 1, 0).get(0).getData().size();
			System.gc();
			Runtime runtime = Runtime.getRuntime();
			long used = runtime.totalMemory() - runtime.freeMemory();
			System.out.println("lastIndex=" + last + " lastDataSize=" + lastSize + " usedHeap=" + used);
		}
		catch (StorageException ex) {
			System.out.println("refused: " + ex.getMessage());
			System.exit(3);
		}
	}

}
