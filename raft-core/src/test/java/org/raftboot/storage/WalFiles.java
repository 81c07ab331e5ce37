package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reading a storage directory's files the way an operator (or a crash) sees them. */
final class WalFiles {

	private WalFiles() {
	}

	/** Where each complete record of a segment's content ends, in order. */
	static List<Integer> recordEnds(byte[] segment) {
		ByteBuffer file = ByteBuffer.wrap(segment);
		List<Integer> ends = new ArrayList<>();
		int p = 0;
		while (p + RecordFormat.HEADER <= segment.length && file.getInt(p + 4) == ~file.getInt(p)) {
			p += RecordFormat.size(file.getInt(p));
			ends.add(p);
		}
		return ends;
	}

	/** The WAL segments of {@code dir} (not a segment being pre-allocated), oldest first. */
	static List<Path> segments(Path dir) throws IOException {
		return list(dir, (name) -> Segment.parseSeq(name) >= 0);
	}

	/** The snapshot files of {@code dir}, sorted. */
	static List<Path> snapshots(Path dir) throws IOException {
		return list(dir, (name) -> name.startsWith("snap-"));
	}

	private static List<Path> list(Path dir, Predicate<String> name) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> name.test(file.getFileName().toString())).sorted().toList();
		}
	}

}
