package org.raftboot.storage;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The base of the test channels that stand in for a WAL segment's (or for a received snapshot's
 * file, in the transport's tests): those are only read and written at positions, synced, sized,
 * truncated and mapped, so a stand-in implements just those and every other operation fails loudly.
 */
public abstract class PositionalChannel extends FileChannel {

	@Override
	public final int read(ByteBuffer dst) {
		throw unused();
	}

	@Override
	public final long read(ByteBuffer[] dsts, int offset, int length) {
		throw unused();
	}

	@Override
	public final int write(ByteBuffer src) {
		throw unused();
	}

	@Override
	public final long write(ByteBuffer[] srcs, int offset, int length) {
		throw unused();
	}

	@Override
	public final long position() {
		throw unused();
	}

	@Override
	public final FileChannel position(long newPosition) {
		throw unused();
	}

	@Override
	public final long transferTo(long position, long count, WritableByteChannel target) {
		throw unused();
	}

	@Override
	public final long transferFrom(ReadableByteChannel src, long position, long count) {
		throw unused();
	}

	@Override
	public final FileLock lock(long position, long size, boolean shared) {
		throw unused();
	}

	@Override
	public final FileLock tryLock(long position, long size, boolean shared) {
		throw unused();
	}

	private static UnsupportedOperationException unused() {
		return new UnsupportedOperationException("not used by WAL segments nor received snapshots");
	}
}
