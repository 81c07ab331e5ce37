package org.raftboot.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.raftboot.raft.pb.Snapshot;

/**
 * Snapshot files, {@code snap-<index in hex>.snap}: a magic number, the length and CRC32C of the
 * serialized {@code Snapshot}, then the snapshot. Written to a temporary file, synced, renamed over
 * the final name and the directory synced, so a crash leaves either the old file or the whole new
 * one. A snapshot counts only once the WAL records it; other files are leftovers.
 *
 * <p>The data of a snapshot received into a file is copied from that file in slices, checksummed
 * on the way, so it never sits on the heap; the state machine restores from {@link #dataRange},
 * reading the file.
 */
final class SnapshotFiles {

	private static final Pattern NAME = Pattern.compile("snap-([0-9a-f]{16})\\.snap(\\.tmp)?");

	private static final long MAGIC = 0x52414654534E4150L;

	private static final int HEADER = 16;

	/** The most bytes written or read at once: larger heap buffers cost the JDK a temporary copy. */
	private static final int SLICE = 1 << 20;

	private final Path dir;

	private final boolean fsync;

	SnapshotFiles(Path dir, boolean fsync) {
		this.dir = dir;
		this.fsync = fsync;
	}

	Path path(long index) {
		return this.dir.resolve(String.format("snap-%016x.snap", index));
	}

	/** Writes the snapshot, its data on the heap, durably. */
	void write(Snapshot snapshot) throws IOException {
		List<ByteBuffer> body = SnapshotLayout.encode(snapshot);
		long length = 0;
		CRC32C crc = new CRC32C();
		for (ByteBuffer part : body) {
			length += part.remaining();
			crc.update(part.duplicate());
		}
		Path target = path(snapshot.getMetadata().getIndex());
		Path temp = temp(target);
		try (FileChannel channel = create(temp)) {
			writeFully(channel, header(length, crc));
			for (ByteBuffer part : body) {
				writeFully(channel, part.duplicate());
			}
			sync(channel);
		}
		commit(temp, target);
	}

	/**
	 * Writes the snapshot whose data is the content of {@code data} (its own data field is ignored),
	 * durably, copying the file in slices and checksumming them on the way.
	 */
	void writeFrom(Snapshot metadata, Path data) throws IOException {
		Snapshot withoutData = metadata.toBuilder().clearData().build();
		byte[] after = SnapshotLayout.afterData(withoutData);
		Path target = path(metadata.getMetadata().getIndex());
		Path temp = temp(target);
		try (FileChannel source = FileChannel.open(data, StandardOpenOption.READ); FileChannel channel = create(temp)) {
			long size = source.size();
			if (size > Integer.MAX_VALUE - SnapshotLayout.MAX_PREFIX - after.length) {
				throw new IOException("snapshot data of " + size + " bytes does not fit in a snapshot file");
			}
			byte[] prefix = SnapshotLayout.dataPrefix((int) size);
			CRC32C crc = new CRC32C();
			crc.update(prefix);
			channel.position(HEADER);
			writeFully(channel, ByteBuffer.wrap(prefix));
			ByteBuffer buffer = ByteBuffer.allocateDirect(SLICE);
			for (long copied = 0; copied < size;) {
				buffer.clear().limit((int) Math.min(SLICE, size - copied));
				if (source.read(buffer) < 0) {
					throw new EOFException("snapshot data " + data + " ended after " + copied + " of " + size + " bytes");
				}
				buffer.flip();
				copied += buffer.remaining();
				crc.update(buffer.duplicate());
				writeFully(channel, buffer);
			}
			crc.update(after);
			writeFully(channel, ByteBuffer.wrap(after));
			channel.write(header(prefix.length + size + after.length, crc), 0);
			sync(channel);
		}
		commit(temp, target);
	}

	private static ByteBuffer header(long length, CRC32C crc) throws IOException {
		if (length > Integer.MAX_VALUE) {
			throw new IOException("snapshot of " + length + " bytes does not fit in a snapshot file");
		}
		return ByteBuffer.allocate(HEADER).putLong(MAGIC).putInt((int) length).putInt((int) crc.getValue()).flip();
	}

	private static Path temp(Path target) {
		return target.resolveSibling(target.getFileName() + ".tmp");
	}

	private static FileChannel create(Path file) throws IOException {
		return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING);
	}

	private void sync(FileChannel channel) throws IOException {
		if (this.fsync) {
			channel.force(true);
		}
	}

	/** Renames the synced temporary file over the final name, then makes the rename durable. */
	private void commit(Path temp, Path target) throws IOException {
		Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		if (this.fsync) {
			Directories.force(this.dir);
		}
	}

	/** Writes the buffer in slices of at most {@link #SLICE} bytes. */
	private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			ByteBuffer slice = buffer.duplicate().limit(buffer.position() + Math.min(SLICE, buffer.remaining()));
			while (slice.hasRemaining()) {
				channel.write(slice);
			}
			buffer.position(slice.position());
		}
	}

	/** The snapshot the WAL says is in force, which must be there and intact. */
	Snapshot read(LogPoint expected) throws IOException {
		Path file = path(expected.index());
		ByteBuffer content;
		try {
			content = ByteBuffer.wrap(Files.readAllBytes(file));
		}
		catch (NoSuchFileException ex) {
			throw new CorruptedStorageException(file, 0, "the snapshot at index " + expected.index()
					+ " that the log refers to is missing");
		}
		if (content.remaining() < HEADER || content.getLong(0) != MAGIC) {
			throw new CorruptedStorageException(file, 0, "not a snapshot file");
		}
		int length = content.getInt(8);
		if (length != content.remaining() - HEADER) {
			throw new CorruptedStorageException(file, 8,
					"snapshot of " + length + " bytes in a file of " + content.remaining());
		}
		CRC32C crc = new CRC32C();
		crc.update(content.duplicate().position(HEADER));
		if ((int) crc.getValue() != content.getInt(12)) {
			throw new CorruptedStorageException(file, HEADER, "checksum mismatch");
		}
		Snapshot snapshot = SnapshotLayout.decode(file, content.position(HEADER), HEADER);
		LogPoint found = new LogPoint(snapshot.getMetadata().getIndex(), snapshot.getMetadata().getTerm());
		if (!found.equals(expected)) {
			throw new CorruptedStorageException(file, HEADER, "holds the snapshot at " + found + ", not " + expected);
		}
		return snapshot;
	}

	/**
	 * Where the data of the snapshot at {@code index} lies in its file (which {@link #read} or a
	 * write checked).
	 */
	SnapshotDataFile dataRange(long index) throws IOException {
		Path file = path(index);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer head = ByteBuffer.allocate(SnapshotLayout.MAX_PREFIX);
			int n;
			do {
				n = channel.read(head, HEADER + head.position());
			}
			while (n > 0 && head.hasRemaining());
			long[] range = SnapshotLayout.dataRange(file, head.array(), head.position(), HEADER);
			return new SnapshotDataFile(file, HEADER + range[0], range[1]);
		}
	}

	/** Deletes every snapshot and temporary file but the one of the snapshot at {@code keep}. */
	void deleteAllBut(long keep) throws IOException {
		for (Path file : list()) {
			if (!file.equals(path(keep))) {
				Files.deleteIfExists(file);
			}
		}
	}

	/** A directory without a log must hold no snapshot either: someone removed the log. */
	void refuseAny() throws IOException {
		for (Path file : list()) {
			if (!file.getFileName().toString().endsWith(".tmp")) {
				throw new CorruptedStorageException(file, 0, "snapshot file in a directory without a write-ahead log");
			}
		}
	}

	/** Deletes every snapshot and temporary file. */
	void deleteAll() throws IOException {
		for (Path file : list()) {
			Files.deleteIfExists(file);
		}
	}

	private List<Path> list() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.filter((file) -> NAME.matcher(file.getFileName().toString()).matches()).toList();
		}
	}

}
