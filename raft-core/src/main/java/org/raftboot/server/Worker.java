package org.raftboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A thread of a {@link RaftServer} that takes everything queued for it at once and hands it to its
 * handler as one batch, in order: the storage thread writes a batch with one sync, the apply thread
 * runs its tasks. It sleeps while nothing is queued, so an idle server costs nothing. A handler that
 * throws ends the thread and is reported; {@link #stop()} ends it after the batch in hand.
 *
 * @param <T> what is queued
 */
final class Worker<T> {

	/** Queued by {@link #stop()}: the thread ends when it takes it. */
	private static final Object STOP = new Object();

	private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	private final Consumer<List<T>> handler;

	private final Consumer<Throwable> onFailure;

	private final Thread thread;

	Worker(String name, Consumer<List<T>> handler, Consumer<Throwable> onFailure) {
		this.handler = handler;
		this.onFailure = onFailure;
		this.thread = new Thread(this::run, name);
	}

	void start() {
		this.thread.start();
	}

	void submit(T item) {
		this.queue.add(item);
	}

	/** Ends the thread after the batch in hand (what is still queued is dropped) and waits for it. */
	void stop() {
		this.queue.add(STOP);
		if (Thread.currentThread() == this.thread) {
			return;
		}
		boolean interrupted = false;
		while (this.thread.isAlive()) {
			try {
				this.thread.join();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	@SuppressWarnings("unchecked")
	private void run() {
		List<Object> taken = new ArrayList<>();
		List<T> batch = new ArrayList<>();
		try {
			while (true) {
				taken.add(this.queue.take());
				this.queue.drainTo(taken);
				for (Object item : taken) {
					if (item == STOP) {
						return;
					}
					batch.add((T) item);
				}
				this.handler.accept(batch);
				taken.clear();
				batch.clear();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			this.onFailure.accept(ex);
		}
	}
}
