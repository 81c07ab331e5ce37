package org.raftboot.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** A snapshot payload in a file: one the caller owns, or a received one that closing deletes. */
final class FileSnapshotPayload implements SnapshotPayload {

	private final Path file;

	private final long size;

	private final boolean deleteOnClose;

	FileSnapshotPayload(Path file, boolean deleteOnClose) throws IOException {
		this.file = file;
		this.size = Files.size(file);
		this.deleteOnClose = deleteOnClose;
	}

	@Override
	public long size() {
		return this.size;
	}

	@Override
	public ReadableByteChannel openChannel() throws IOException {
		return FileChannel.open(this.file, StandardOpenOption.READ);
	}

	@Override
	public Optional<Path> file() {
		return Optional.of(this.file);
	}

	@Override
	public void close() throws IOException {
		if (this.deleteOnClose) {
			Files.deleteIfExists(this.file);
		}
	}

	@Override
	public String toString() {
		return "FileSnapshotPayload[" + this.file + ", " + this.size + " bytes]";
	}
}
