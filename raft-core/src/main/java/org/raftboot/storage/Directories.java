package org.raftboot.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** File-system steps that make a directory's entries (created, renamed files) durable. */
final class Directories {

	/**
	 * Called with each directory after it is synced. A seam for the tests only; production code never
	 * replaces the default, which does nothing.
	 */
	static volatile Consumer<Path> synced = (dir) -> {
	};

	private Directories() {
	}

	static void force(Path dir) throws IOException {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		synced.accept(dir);
	}

	/**
	 * Creates {@code dir} and its missing parents; with {@code fsync}, syncs the parent of each parent
	 * it created, top down, so that the path to {@code dir} survives a crash ({@code dir}'s own entry
	 * is the caller's to sync, once it holds what must survive).
	 */
	static void create(Path dir, boolean fsync) throws IOException {
		Deque<Path> missing = new ArrayDeque<>();
		for (Path p = dir.toAbsolutePath().getParent(); p != null && !Files.isDirectory(p); p = p.getParent()) {
			missing.push(p);
		}
		Files.createDirectories(dir);
		if (fsync) {
			for (Path created : missing) {
				force(created.getParent());
			}
		}
	}

}
