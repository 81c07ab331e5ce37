package org.raftboot.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A stream over {@code length} bytes of a file from {@code position} on, read with positional reads
 * (no page faults of a mapping, no copy onto the heap beyond the caller's buffer). Owns the channel.
 */
final class FileRangeInputStream extends InputStream {

	private final FileChannel channel;

	private long position;

	private long remaining;

	FileRangeInputStream(FileChannel channel, long position, long length) {
		this.channel = channel;
		this.position = position;
		this.remaining = length;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		if (this.remaining == 0) {
			return -1;
		}
		int n = this.channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, this.remaining)), this.position);
		if (n < 0) {
			throw new IOException("snapshot file ended " + this.remaining + " bytes early");
		}
		this.position += n;
		this.remaining -= n;
		return n;
	}

	@Override
	public int available() {
		return (int) Math.min(Integer.MAX_VALUE, this.remaining);
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}
}
