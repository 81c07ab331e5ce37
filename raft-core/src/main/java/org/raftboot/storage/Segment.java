package org.raftboot.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One WAL file, {@code wal-<sequence in hex>.log}: positional reads and writes on its channel. */
final class Segment implements Closeable {

	private static final Pattern NAME = Pattern.compile("wal-([0-9a-f]{16})\\.log");

	private static final int ZEROS = 1 << 20;

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
		return new Segment(seq, path,
				FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
	}

	/** A new segment, filled with zeros up to {@code size} so later syncs do not allocate blocks. */
	static Segment create(Path dir, long seq, long size, boolean fsync) throws IOException {
		Path path = dir.resolve(fileName(seq));
		FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		Segment segment = new Segment(seq, path, channel);
		try {
			segment.zero(0, size);
			if (fsync) {
				channel.force(true);
			}
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return segment;
	}

	long size() throws IOException {
		return this.channel.size();
	}

	/** The whole file, read-only, for recovery. */
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
		ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZEROS, Math.max(0, to - from)));
		for (long at = from; at < to; at += zeros.capacity()) {
			zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
			write(zeros, at);
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
