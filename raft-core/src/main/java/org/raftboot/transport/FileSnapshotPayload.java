package org.raftboot.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A snapshot payload in a file: one the caller owns (the whole file or a range of it, such as the
 * data inside a storage's snapshot file), or a received one that closing deletes.
 */
final class FileSnapshotPayload implements SnapshotPayload {

	private final Path file;

	private final long offset;

	private final long size;

	private final boolean deleteOnClose;

	FileSnapshotPayload(Path file, boolean deleteOnClose) throws IOException {
		this(file, 0, Files.size(file), deleteOnClose);
	}

	FileSnapshotPayload(Path file, long offset, long size, boolean deleteOnClose) {
		if (offset < 0 || size < 0) {
			throw new IllegalArgumentException("Bad range of " + file + ": " + size + " bytes at " + offset);
		}
		this.file = file;
		this.offset = offset;
		this.size = size;
		this.deleteOnClose = deleteOnClose;
	}

	@Override
	public long size() {
		return this.size;
	}

	@Override
	public ReadableByteChannel openChannel() throws IOException {
		FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ);
		if (this.offset == 0 && channel.size() == this.size) {
			return channel;
		}
		return new Range(channel, this.offset, this.size);
	}

	/** The file, when the payload is the whole of it. */
	@Override
	public Optional<Path> file() {
		return (this.offset == 0) ? Optional.of(this.file) : Optional.empty();
	}

	@Override
	public void close() throws IOException {
		if (this.deleteOnClose) {
			Files.deleteIfExists(this.file);
		}
	}

	@Override
	public String toString() {
		return "FileSnapshotPayload[" + this.file + ", " + this.size + " bytes at " + this.offset + "]";
	}

	/** Reads {@code remaining} bytes of a file from a position on, then reports the end. */
	private static final class Range implements ReadableByteChannel {

		private final FileChannel channel;

		private long position;

		private long remaining;

		Range(FileChannel channel, long position, long remaining) {
			this.channel = channel;
			this.position = position;
			this.remaining = remaining;
		}

		@Override
		public int read(ByteBuffer target) throws IOException {
			if (this.remaining == 0) {
				return -1;
			}
			int limit = target.limit();
			if (target.remaining() > this.remaining) {
				target.limit(target.position() + (int) this.remaining);
			}
			int n;
			try {
				n = this.channel.read(target, this.position);
			}
			finally {
				target.limit(limit);
			}
			if (n > 0) {
				this.position += n;
				this.remaining -= n;
			}
			return n;
		}

		@Override
		public boolean isOpen() {
			return this.channel.isOpen();
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}
	}
}
