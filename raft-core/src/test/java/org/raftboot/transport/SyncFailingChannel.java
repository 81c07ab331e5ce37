package org.raftboot.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

import org.raftboot.storage.PositionalChannel;

/** A received snapshot's file whose every sync fails, as after a lost write-back (EIO). */
final class SyncFailingChannel extends PositionalChannel {

	@Override
	public void force(boolean metaData) throws IOException {
		throw new IOException("Input/output error");
	}

	@Override
	public int read(ByteBuffer dst, long position) {
		throw new UnsupportedOperationException();
	}

	@Override
	public int write(ByteBuffer src, long position) {
		throw new UnsupportedOperationException();
	}

	@Override
	public long size() {
		throw new UnsupportedOperationException();
	}

	@Override
	public FileChannel truncate(long size) {
		throw new UnsupportedOperationException();
	}

	@Override
	public MappedByteBuffer map(MapMode mode, long position, long size) {
		throw new UnsupportedOperationException();
	}

	@Override
	protected void implCloseChannel() {
	}
}
