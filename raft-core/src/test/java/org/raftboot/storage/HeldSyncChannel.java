package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A segment's channel whose syncs can be held: once {@link #hold()} is called, the next
 * {@link #force} signals {@link #syncStarted()} and waits for {@link #release()}, so that a test
 * can look at a storage in the middle of a save.
 */
final class HeldSyncChannel extends PositionalChannel {

	private final FileChannel file;

	private volatile boolean held;

	private final CompletableFuture<Void> syncStarted = new CompletableFuture<>();

	private final CountDownLatch released = new CountDownLatch(1);

	HeldSyncChannel(FileChannel file) {
		this.file = file;
	}

	void hold() {
		this.held = true;
	}

	CompletableFuture<Void> syncStarted() {
		return this.syncStarted;
	}

	void release() {
		this.released.countDown();
	}

	@Override
	public void force(boolean metaData) throws IOException {
		if (this.held) {
			this.syncStarted.complete(null);
			try {
				this.released.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while held", ex);
			}
		}
		this.file.force(metaData);
	}

	@Override
	public int write(ByteBuffer src, long position) throws IOException {
		return this.file.write(src, position);
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		return this.file.read(dst, position);
	}

	@Override
	public long size() throws IOException {
		return this.file.size();
	}

	@Override
	public FileChannel truncate(long size) throws IOException {
		this.file.truncate(size);
		return this;
	}

	@Override
	public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
		return this.file.map(mode, position, size);
	}

	@Override
	protected void implCloseChannel() throws IOException {
		this.file.close();
	}
}
