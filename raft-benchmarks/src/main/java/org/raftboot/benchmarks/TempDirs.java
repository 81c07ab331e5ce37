package org.raftboot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for benchmark state, deleted after the trial. */
public final class TempDirs {

	private TempDirs() {
	}

	public static Path create() throws IOException {
		return Files.createTempDirectory("raftboot-bench");
	}

	public static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> {
				try {
					Files.delete(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
