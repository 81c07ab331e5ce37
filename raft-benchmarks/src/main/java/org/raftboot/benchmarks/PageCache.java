package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Empties the kernel's page cache, so that the next open of a log reads its files from the disk as
 * after a reboot. Only root may ({@code /proc/sys/vm/drop_caches}), and it empties the cache of the
 * whole machine, every process's files included.
 */
final class PageCache {

	private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");

	private PageCache() {
	}

	/**
	 * Syncs the files of {@code dir} (the kernel drops clean pages only) and drops the page cache;
	 * false, having done nothing, where this process may not, or where {@code dir} lives in memory
	 * (tmpfs), whose files the drop leaves where they are.
	 */
	static boolean drop(Path dir) throws IOException {
		if (!Files.isWritable(DROP_CACHES) || "tmpfs".equals(Files.getFileStore(dir).type())) {
			return false;
		}
		List<Path> files;
		try (Stream<Path> walk = Files.walk(dir)) {
			files = walk.filter(Files::isRegularFile).toList();
		}
		for (Path file : files) {
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
		}
		try {
			Files.writeString(DROP_CACHES, "1");
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}
}
