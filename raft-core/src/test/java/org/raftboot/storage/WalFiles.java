package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

	/** The files of {@code dir} whose name starts with {@code prefix}, sorted. */
	static List<Path> list(Path dir, String prefix) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(prefix)).sorted().toList();
		}
	}

}
