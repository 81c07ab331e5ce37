package org.raftboot.benchmarks.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.raftboot.server.CommittedEntry;
import org.raftboot.server.StateMachine;

/**
 * A state machine that stands for {@code size} bytes of state without holding them: its snapshot
 * streams the same random megabyte over and over, its restore reads and counts. What the snapshot
 * benchmark measures is therefore the runtime's path (snapshot file, transport stream, install).
 */
final class Blob implements StateMachine {

	private static final byte[] MEGABYTE = new byte[1 << 20];

	static {
		new SplittableRandom(7).nextBytes(MEGABYTE);
	}

	private final long size;

	private final AtomicLong restoredBytes = new AtomicLong();

	Blob(long size) {
		this.size = size;
	}

	@Override
	public @Nullable Object apply(CommittedEntry entry) {
		return null;
	}

	@Override
	public void snapshot(OutputStream out) throws IOException {
		for (long left = this.size; left > 0; left -= MEGABYTE.length) {
			out.write(MEGABYTE, 0, (int) Math.min(left, MEGABYTE.length));
		}
	}

	@Override
	public void restore(InputStream in) throws IOException {
		byte[] buffer = new byte[1 << 16];
		long total = 0;
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			total += n;
		}
		this.restoredBytes.set(total);
	}

	/** Bytes read by the last restore. */
	long restoredBytes() {
		return this.restoredBytes.get();
	}
}
