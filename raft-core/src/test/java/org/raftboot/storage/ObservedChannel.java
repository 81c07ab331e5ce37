package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A segment's channel a test watches: it counts the syncs and positional reads, and its writes,
 * syncs or closing can be held: once {@link #hold} is called, the next such call signals
 * {@link #heldStarted()} and waits for {@link #release()}, so that a test can look at a storage in
 * the middle of a save, or of the deletion of a segment.
 */
final class ObservedChannel extends PositionalChannel {

	private final FileChannel file;

	private final AtomicInteger syncs = new AtomicInteger();

	private final AtomicInteger reads = new AtomicInteger();

	/** What a save can be held in. */
	enum Held {

		/** The positional write of a batch at the WAL's tail. */
		WRITE,

		/** The sync that makes it durable. */
		SYNC,

		/** The closing of a segment, which its deletion starts with. */
		CLOSE
	}

	private volatile @Nullable Held held;

	private final CompletableFuture<Void> heldStarted = new CompletableFuture<>();

	private final CountDownLatch released = new CountDownLatch(1);

	ObservedChannel(FileChannel file) {
		this.file = file;
	}

	void hold(Held what) {
		this.held = what;
	}

	CompletableFuture<Void> heldStarted() {
		return this.heldStarted;
	}

	void release() {
		this.released.countDown();
	}

	/** The syncs so far, data only or with metadata. */
	int syncs() {
		return this.syncs.get();
	}

	/** The positional reads so far (recovery maps the file instead). */
	int reads() {
		return this.reads.get();
	}

	@Override
	public void force(boolean metaData) throws IOException {
		this.syncs.incrementAndGet();
		awaitReleaseIfHeld(Held.SYNC);
		this.file.force(metaData);
	}

	@Override
	public int write(ByteBuffer src, long position) throws IOException {
		awaitReleaseIfHeld(Held.WRITE);
		return this.file.write(src, position);
	}

	private void awaitReleaseIfHeld(Held operation) throws IOException {
		if (this.held != operation) {
			return;
		}
		this.heldStarted.complete(null);
		try {
			this.released.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while held", ex);
		}
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		this.reads.incrementAndGet();
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
		awaitReleaseIfHeld(Held.CLOSE);
		this.file.close();
	}
}
