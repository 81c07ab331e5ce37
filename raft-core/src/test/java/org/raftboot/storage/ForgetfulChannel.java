package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A segment's channel that remembers, for every positional write since the last {@link #force}, the
 * bytes it overwrote, so that a simulated power loss can put them back: what was synced survives,
 * the writes after it are lost, except a random prefix of them (the disk may have written some of
 * the page cache on its own, possibly ending in the middle of a write). Truncation is taken as
 * durable at once (the WAL syncs right after it). After the crash every operation fails.
 */
final class ForgetfulChannel extends PositionalChannel {

	private record Undo(long position, byte[] previous, long previousSize) {
	}

	private final FileChannel file;

	private final Deque<Undo> unsynced = new ArrayDeque<>();

	private boolean crashed;

	ForgetfulChannel(FileChannel file) {
		this.file = file;
	}

	@Override
	public synchronized int write(ByteBuffer src, long position) throws IOException {
		ensureUp();
		long size = this.file.size();
		byte[] previous = new byte[(int) Math.max(0, Math.min(src.remaining(), size - position))];
		this.file.read(ByteBuffer.wrap(previous), position);
		this.unsynced.push(new Undo(position, previous, size));
		return this.file.write(src, position);
	}

	@Override
	public synchronized void force(boolean metaData) throws IOException {
		ensureUp();
		if (PowerLoss.crashesAtThisSync(this)) {
			throw new IOException("simulated power loss during a sync");
		}
		this.file.force(metaData);
		this.unsynced.clear();
	}

	/**
	 * Loses power: undoes the writes since the last sync, newest first, except a random number of
	 * the oldest; half the time the oldest write undone keeps a random prefix of its bytes (a torn
	 * write). Every later operation fails.
	 * @return the number of writes undone, a torn one included
	 */
	synchronized int crash(RandomGenerator random) throws IOException {
		if (this.crashed) {
			return 0;
		}
		this.crashed = true;
		int kept = random.nextInt(this.unsynced.size() + 1);
		int undone = 0;
		while (this.unsynced.size() > kept) {
			Undo undo = this.unsynced.pop();
			boolean oldestLost = this.unsynced.size() == kept;
			restore(undo, (oldestLost && random.nextBoolean()) ? random.nextInt(undo.previous.length + 1) : 0);
			undone++;
		}
		this.unsynced.clear();
		this.file.close();
		return undone;
	}

	private void restore(Undo undo, int from) throws IOException {
		this.file.write(ByteBuffer.wrap(undo.previous, from, undo.previous.length - from), undo.position + from);
		if (this.file.size() > undo.previousSize) {
			this.file.truncate(undo.previousSize);
		}
	}

	private void ensureUp() throws IOException {
		if (this.crashed) {
			throw new IOException("simulated power loss: the file is gone with the process");
		}
	}

	@Override
	public synchronized int read(ByteBuffer dst, long position) throws IOException {
		ensureUp();
		return this.file.read(dst, position);
	}

	@Override
	public synchronized long size() throws IOException {
		ensureUp();
		return this.file.size();
	}

	@Override
	public synchronized FileChannel truncate(long size) throws IOException {
		ensureUp();
		this.file.truncate(size);
		return this;
	}

	@Override
	public synchronized MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
		ensureUp();
		return this.file.map(mode, position, size);
	}

	@Override
	protected synchronized void implCloseChannel() throws IOException {
		if (!this.crashed) {
			this.file.close();
		}
	}
}
