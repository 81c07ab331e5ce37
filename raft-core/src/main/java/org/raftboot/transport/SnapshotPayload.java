package org.raftboot.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

import com.google.protobuf.ByteString;

/**
 * The data of a snapshot, kept out of the {@code MsgSnap} so that a large state machine image can be
 * streamed from and to disk without sitting on the heap. The sender reads it in chunks; the receiver
 * gets one backed by a temporary file, which {@link #close()} deletes.
 */
public interface SnapshotPayload extends AutoCloseable {

	/** The number of bytes. */
	long size();

	/** A fresh channel positioned at the first byte; the caller closes it. */
	ReadableByteChannel openChannel() throws IOException;

	/** A fresh stream over the bytes; the caller closes it. */
	default InputStream openStream() throws IOException {
		return Channels.newInputStream(openChannel());
	}

	/**
	 * All the bytes on the heap, for snapshots known to be small.
	 * @throws IllegalStateException if the payload is larger than 2 GiB
	 */
	default ByteString toByteString() throws IOException {
		if (size() > Integer.MAX_VALUE) {
			throw new IllegalStateException("Snapshot payload of " + size() + " bytes does not fit in a ByteString");
		}
		try (InputStream in = openStream()) {
			return ByteString.readFrom(in);
		}
	}

	/**
	 * The file holding the bytes, if there is one. A handler may move a received file instead of
	 * copying it; {@link #close()} then finds nothing to delete.
	 */
	default Optional<Path> file() {
		return Optional.empty();
	}

	/** Releases what backs the payload (a received payload deletes its file). */
	@Override
	default void close() throws IOException {
	}

	/** A payload over bytes already on the heap; chunks are sent without copying them first. */
	static SnapshotPayload of(ByteString data) {
		return new ByteStringSnapshotPayload(data);
	}

	/** A payload over an existing file, which is never modified nor deleted by the transport. */
	static SnapshotPayload ofFile(Path file) throws IOException {
		return new FileSnapshotPayload(file, false);
	}

	/**
	 * A payload over {@code size} bytes of an existing file from {@code offset} on (the data inside
	 * a storage's snapshot file), never modified nor deleted by the transport. The file is opened
	 * when the stream starts.
	 */
	static SnapshotPayload ofFile(Path file, long offset, long size) {
		return new FileSnapshotPayload(file, offset, size, false);
	}
}
