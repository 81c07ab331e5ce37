package org.raftboot.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
 * <p>A snapshot received into a file never sits on the heap. When that file is on the same file
 * system it becomes {@code snap-<index>.snapd} by a rename: the data stays where the transport wrote
 * it, followed by the serialized metadata and a trailer (data length, metadata length, CRC32C of
 * both, another magic number); the same temporary name, sync, rename and directory sync make it
 * durable. Elsewhere it is copied into a {@code .snap} file in slices, checksummed on the way. The
 * state machine restores from {@link #dataRange}, reading the file.
 */
final class SnapshotFiles {

	private static final Pattern NAME = Pattern.compile("snap-([0-9a-f]{16})\\.snapd?(\\.[0-9]+\\.prepared)?(\\.tmp)?");

	private static final long MAGIC = 0x52414654534E4150L;

	private static final int HEADER = 16;

	private static final long TRAILER_MAGIC = 0x52414654534E4144L;

	/** Data length, metadata length, CRC32C, magic. */
	private static final int TRAILER = 24;

	/** The most bytes written or read at once: larger heap buffers cost the JDK a temporary copy. */
	private static final int SLICE = 1 << 20;

	/**
	 * Called with a snapshot file written from the heap before it is synced. A seam for the tests
	 * only, which hold a write there; production code never replaces the default, which does nothing.
	 */
	static volatile Consumer<Path> beforeSync = (file) -> {
	};

	private final Path dir;

	private final boolean fsync;

	/** Files {@link #prepare prepared} and not yet committed or discarded: {@link #deleteAllBut} keeps them. */
	private final Set<Path> prepared = ConcurrentHashMap.newKeySet();

	/** Numbers the prepared files, so that two writers never share one. */
	private final AtomicLong preparations = new AtomicLong();

	SnapshotFiles(Path dir, boolean fsync) {
		this.dir = dir;
		this.fsync = fsync;
	}

	Path path(long index) {
		return this.dir.resolve(String.format("snap-%016x.snap", index));
	}

	/** The name of a snapshot adopted from a received file: data first. */
	private Path adoptedPath(long index) {
		return this.dir.resolve(String.format("snap-%016x.snapd", index));
	}

	/**
	 * Makes the received file {@code data} the snapshot file of {@code metadata} by renaming it, if
	 * it is on this directory's file system: checksummed in one read, the metadata and trailer
	 * appended, synced, renamed into place, the directory synced. The file is then gone.
	 * @return false, with nothing changed, when it is on another file system
	 */
	boolean adopt(Snapshot metadata, Path data) throws IOException {
		Path target = adoptedPath(metadata.getMetadata().getIndex());
		Path temp = temp(target);
		try {
			Files.move(data, temp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			return false;
		}
		byte[] after = SnapshotLayout.afterData(metadata.toBuilder().clearData().build());
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = channel.size();
			CRC32C crc = new CRC32C();
			update(crc, channel, 0, size);
			crc.update(after);
			ByteBuffer trailer = ByteBuffer.allocate(TRAILER).putLong(size).putInt(after.length)
				.putInt((int) crc.getValue())
				.putLong(TRAILER_MAGIC)
				.flip();
			long position = size;
			for (ByteBuffer part : new ByteBuffer[] { ByteBuffer.wrap(after), trailer }) {
				while (part.hasRemaining()) {
					position += channel.write(part, position);
				}
			}
			sync(channel);
		}
		commit(temp, target);
		return true;
	}

	/** Feeds {@code length} bytes of the file from {@code from} on to the CRC, read in slices. */
	private static void update(CRC32C crc, FileChannel channel, long from, long length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(SLICE, Math.max(1, length)));
		for (long done = 0; done < length;) {
			buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
			int n = channel.read(buffer, from + done);
			if (n < 0) {
				throw new EOFException("file ended after " + done + " of " + length + " bytes");
			}
			crc.update(buffer.flip());
			done += n;
		}
	}

	/** Writes the snapshot, its data on the heap, durably. */
	void write(Snapshot snapshot) throws IOException {
		Path target = path(snapshot.getMetadata().getIndex());
		Path temp = temp(target);
		writeSynced(temp, snapshot);
		commit(temp, target);
	}

	/**
	 * Writes the snapshot, its data on the heap, and syncs it, under a name of its own that no other
	 * writer uses: a writer that does not hold the storage's write lock writes it there, and then,
	 * holding the lock, {@link #commitPrepared commits} it (a rename) or {@link #discard discards} it.
	 * Until then the other writers' deletions leave the file alone.
	 * @return the prepared file
	 */
	Path prepare(Snapshot snapshot) throws IOException {
		Path target = path(snapshot.getMetadata().getIndex());
		Path file = target.resolveSibling(target.getFileName() + "." + this.preparations.incrementAndGet() + ".prepared.tmp");
		this.prepared.add(file);
		try {
			writeSynced(file, snapshot);
		}
		catch (IOException | RuntimeException ex) {
			discard(file);
			throw ex;
		}
		return file;
	}

	/** Makes a {@link #prepare prepared} file the snapshot file of {@code index}, durably. */
	void commitPrepared(Path file, long index) throws IOException {
		try {
			commit(file, path(index));
		}
		finally {
			this.prepared.remove(file);
		}
	}

	/** Deletes a {@link #prepare prepared} file that is not to be committed; failures are ignored. */
	void discard(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// A leftover, deleted with the others at the next release or open.
		}
		finally {
			this.prepared.remove(file);
		}
	}

	private void writeSynced(Path file, Snapshot snapshot) throws IOException {
		List<ByteBuffer> body = SnapshotLayout.encode(snapshot);
		long length = 0;
		CRC32C crc = new CRC32C();
		for (ByteBuffer part : body) {
			length += part.remaining();
			crc.update(part.duplicate());
		}
		try (FileChannel channel = create(file)) {
			writeFully(channel, header(length, crc));
			for (ByteBuffer part : body) {
				writeFully(channel, part.duplicate());
			}
			beforeSync.accept(file);
			sync(channel);
		}
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
		Path adopted = adoptedPath(expected.index());
		if (!Files.exists(path(expected.index())) && Files.exists(adopted)) {
			return readAdopted(adopted, expected);
		}
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

	/** An adopted snapshot, checked whole, its metadata only: the data stays on disk. */
	private static Snapshot readAdopted(Path file, LogPoint expected) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
			if (size < TRAILER || readFully(channel, trailer, size - TRAILER) < TRAILER
					|| trailer.getLong(16) != TRAILER_MAGIC) {
				throw new CorruptedStorageException(file, Math.max(0, size - TRAILER), "not a snapshot file");
			}
			long dataLength = trailer.getLong(0);
			int metadataLength = trailer.getInt(8);
			if (dataLength < 0 || metadataLength < 0 || dataLength + metadataLength + TRAILER != size) {
				throw new CorruptedStorageException(file, size - TRAILER, "snapshot of " + dataLength + " + "
						+ metadataLength + " bytes in a file of " + size);
			}
			CRC32C crc = new CRC32C();
			update(crc, channel, 0, dataLength + metadataLength);
			if ((int) crc.getValue() != trailer.getInt(12)) {
				throw new CorruptedStorageException(file, 0, "checksum mismatch");
			}
			ByteBuffer metadata = ByteBuffer.allocate(metadataLength);
			readFully(channel, metadata, dataLength);
			Snapshot snapshot = SnapshotLayout.decode(file, metadata.flip(), (int) Math.min(Integer.MAX_VALUE, dataLength));
			LogPoint found = new LogPoint(snapshot.getMetadata().getIndex(), snapshot.getMetadata().getTerm());
			if (!found.equals(expected)) {
				throw new CorruptedStorageException(file, dataLength, "holds the snapshot at " + found + ", not " + expected);
			}
			return snapshot;
		}
	}

	private static int readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
		int total = 0;
		while (target.hasRemaining()) {
			int n = channel.read(target, position + total);
			if (n < 0) {
				break;
			}
			total += n;
		}
		return total;
	}

	/**
	 * Where the data of the snapshot at {@code index} lies in its file (which {@link #read} or a
	 * write checked).
	 */
	SnapshotDataFile dataRange(long index) throws IOException {
		Path adopted = adoptedPath(index);
		if (!Files.exists(path(index)) && Files.exists(adopted)) {
			try (FileChannel channel = FileChannel.open(adopted, StandardOpenOption.READ)) {
				ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
				readFully(channel, trailer, channel.size() - TRAILER);
				return new SnapshotDataFile(adopted, 0, trailer.getLong(0));
			}
		}
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
			if (!file.equals(path(keep)) && !file.equals(adoptedPath(keep)) && !this.prepared.contains(file)) {
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
