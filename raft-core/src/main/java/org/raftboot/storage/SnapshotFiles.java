package org.raftboot.storage;

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

import com.google.protobuf.InvalidProtocolBufferException;
import org.raftboot.raft.pb.Snapshot;

/**
 * Snapshot files, {@code snap-<index in hex>.snap}: a magic number, the length and CRC32C of the
 * serialized {@code Snapshot}, then the snapshot. Written to a temporary file, synced, renamed over
 * the final name and the directory synced, so a crash leaves either the old file or the whole new
 * one. A snapshot counts only once the WAL records it; other files are leftovers.
 */
final class SnapshotFiles {

	private static final Pattern NAME = Pattern.compile("snap-([0-9a-f]{16})\\.snap(\\.tmp)?");

	private static final long MAGIC = 0x52414654534E4150L;

	private static final int HEADER = 16;

	private final Path dir;

	private final boolean fsync;

	SnapshotFiles(Path dir, boolean fsync) {
		this.dir = dir;
		this.fsync = fsync;
	}

	Path path(long index) {
		return this.dir.resolve(String.format("snap-%016x.snap", index));
	}

	void write(Snapshot snapshot) throws IOException {
		byte[] payload = snapshot.toByteArray();
		CRC32C crc = new CRC32C();
		crc.update(payload);
		ByteBuffer header = ByteBuffer.allocate(HEADER).putLong(MAGIC).putInt(payload.length)
			.putInt((int) crc.getValue())
			.flip();
		Path target = path(snapshot.getMetadata().getIndex());
		Path temp = target.resolveSibling(target.getFileName() + ".tmp");
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer[] content = { header, ByteBuffer.wrap(payload) };
			while (content[1].hasRemaining()) {
				channel.write(content);
			}
			if (this.fsync) {
				channel.force(true);
			}
		}
		Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		if (this.fsync) {
			Directories.force(this.dir);
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
		Snapshot snapshot;
		try {
			snapshot = Snapshot.parseFrom(content.position(HEADER));
		}
		catch (InvalidProtocolBufferException ex) {
			throw new CorruptedStorageException(file, HEADER, "undecodable snapshot: " + ex.getMessage());
		}
		LogPoint found = new LogPoint(snapshot.getMetadata().getIndex(), snapshot.getMetadata().getTerm());
		if (!found.equals(expected)) {
			throw new CorruptedStorageException(file, HEADER, "holds the snapshot at " + found + ", not " + expected);
		}
		return snapshot;
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
