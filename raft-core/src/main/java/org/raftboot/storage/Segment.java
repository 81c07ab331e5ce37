package org.raftboot.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One WAL file, {@code wal-<sequence in hex>.log}: positional reads and writes on its channel. */
final class Segment implements Closeable {

	private static final Pattern NAME = Pattern.compile("wal-([0-9a-f]{16})\\.log");

	private static final int ZEROS = 1 << 20;

	private static final String TEMP_SUFFIX = ".tmp";

	/** How segments in the log are opened; replaced by the power-loss tests only. */
	static volatile SegmentChannels channels = SegmentChannels.DEFAULT;

	final long seq;

	final Path path;

	private final FileChannel channel;

	private Segment(long seq, Path path, FileChannel channel) {
		this.seq = seq;
		this.path = path;
		this.channel = channel;
	}

	static String fileName(long seq) {
		return String.format("wal-%016x.log", seq);
	}

	/** The sequence number in a segment's file name, or -1 if it is not one. */
	static long parseSeq(String fileName) {
		Matcher m = NAME.matcher(fileName);
		return m.matches() ? Long.parseUnsignedLong(m.group(1), 16) : -1;
	}

	static Segment open(Path dir, long seq) throws IOException {
		Path path = dir.resolve(fileName(seq));
		return new Segment(seq, path, channels.open(path));
	}

	/**
	 * Writes a future segment: {@code size} zeros (so that later syncs do not allocate blocks) in a
	 * temporary file, which {@link #install} renames into the log.
	 */
	static Path preallocate(Path dir, long seq, long size, boolean fsync) throws IOException {
		Path temp = dir.resolve(fileName(seq) + TEMP_SUFFIX);
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
			zero(channel, 0, size);
			if (fsync) {
				channel.force(true);
			}
		}
		return temp;
	}

	/** Renames a pre-allocated file into the log as segment {@code seq}, and opens it. */
	static Segment install(Path preallocated, Path dir, long seq) throws IOException {
		Files.move(preallocated, dir.resolve(fileName(seq)), StandardCopyOption.ATOMIC_MOVE);
		return open(dir, seq);
	}

	/** Whether a file is a pre-allocated segment not yet in the log (a leftover after a crash). */
	static boolean isPreallocated(String fileName) {
		return fileName.endsWith(TEMP_SUFFIX)
				&& parseSeq(fileName.substring(0, fileName.length() - TEMP_SUFFIX.length())) >= 0;
	}

	/**
	 * The whole file, read-only, for recovery: mapped, so that no memory of its size is needed;
	 * {@link Unmapper#unmap unmap} it after the scan, or the mapping holds the file's blocks until the
	 * GC finds it, also once a compaction deleted the segment.
	 */
	MappedByteBuffer map() throws IOException {
		return this.channel.map(FileChannel.MapMode.READ_ONLY, 0, this.channel.size());
	}

	void write(ByteBuffer src, long position) throws IOException {
		long at = position;
		while (src.hasRemaining()) {
			at += this.channel.write(src, at);
		}
	}

	/** Reads {@code dst.remaining()} bytes, or fewer only when the file ends first. */
	void read(ByteBuffer dst, long position) throws IOException {
		long at = position;
		while (dst.hasRemaining()) {
			int n = this.channel.read(dst, at);
			if (n < 0) {
				return;
			}
			at += n;
		}
	}

	void zero(long from, long to) throws IOException {
		zero(this.channel, from, to);
	}

	private static void zero(FileChannel channel, long from, long to) throws IOException {
		ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZEROS, Math.max(0, to - from)));
		long at = from;
		while (at < to) {
			zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
			at += channel.write(zeros, at);
		}
	}

	void force(boolean metadata) throws IOException {
		this.channel.force(metadata);
	}

	void truncate(long size) throws IOException {
		this.channel.truncate(size);
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	void delete() throws IOException {
		close();
		Files.deleteIfExists(this.path);
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
