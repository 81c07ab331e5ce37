package org.raftboot.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of a proxied connection: a reader thread that takes bytes off the source socket
 * (discarding them while the flow drops) and a writer thread that hands them to the destination in
 * order, each chunk no earlier than the flow's delay after it was read. Neither moves a byte while
 * the flow is stalled.
 */
final class Pipe {

	private record Chunk(byte[] bytes, long due) {
	}

	private static final Chunk END = new Chunk(new byte[0], 0);

	private final Flow flow;

	private final InputStream in;

	private final OutputStream out;

	private final Runnable onEnd;

	private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();

	private long lastDue;

	Pipe(Flow flow, InputStream in, OutputStream out, Runnable onEnd) {
		this.flow = flow;
		this.in = in;
		this.out = out;
		this.onEnd = onEnd;
	}

	/** Starts both threads; {@code first} is taken as if read first from the source. */
	void start(String name, byte[] first) {
		if (first.length > 0) {
			take(first, first.length);
		}
		start(name + "-read", this::read);
		start(name + "-write", this::write);
	}

	private static void start(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		thread.start();
	}

	private void read() {
		byte[] buffer = new byte[64 * 1024];
		try {
			while (true) {
				this.flow.awaitNotStalled();
				int n = this.in.read(buffer);
				if (n < 0) {
					break;
				}
				take(buffer, n);
			}
		}
		catch (IOException | InterruptedException ex) {
			// the connection was cut or closed
		}
		this.queue.add(END);
		this.onEnd.run();
	}

	private void take(byte[] buffer, int n) {
		if (!this.flow.dropped()) {
			long due = Math.max(System.nanoTime() + this.flow.delayNanos(), this.lastDue);
			this.lastDue = due;
			this.queue.add(new Chunk(Arrays.copyOf(buffer, n), due));
		}
	}

	private void write() {
		try {
			while (true) {
				Chunk chunk = this.queue.take();
				if (chunk == END) {
					break;
				}
				for (long wait = chunk.due - System.nanoTime(); wait > 0; wait = chunk.due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				this.flow.awaitNotStalled();
				this.out.write(chunk.bytes);
				this.out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// the connection was cut or closed
		}
		this.onEnd.run();
	}

}
