package org.raftboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A thread of a {@link RaftServer} that takes everything queued for it at once and hands it to its
 * handler as one batch, in order: the storage thread writes a batch with one sync, the apply thread
 * runs its tasks. It sleeps while nothing is queued, so an idle server costs nothing. The queue takes
 * no lock, and a submit wakes the thread only when it sleeps: the node's loop hands work to a busy
 * thread without a system call. A handler that throws ends the thread and is reported;
 * {@link #stop()} ends it after the batch in hand.
 *
 * @param <T> what is queued
 */
final class Worker<T> {

	private final Queue<T> queue = new ConcurrentLinkedQueue<>();

	private final Consumer<List<T>> handler;

	private final Consumer<Throwable> onFailure;

	private final Thread thread;

	/** The thread sleeps, or is about to: a submit must wake it. */
	private volatile boolean sleeping;

	private volatile boolean stopped;

	Worker(String name, Consumer<List<T>> handler, Consumer<Throwable> onFailure) {
		this.handler = handler;
		this.onFailure = onFailure;
		this.thread = new Thread(this::run, name);
	}

	void start() {
		this.thread.start();
	}

	void submit(T item) {
		this.queue.offer(item);
		if (this.sleeping) {
			LockSupport.unpark(this.thread);
		}
	}

	/** Ends the thread after the batch in hand (what is still queued is dropped) and waits for it. */
	void stop() {
		this.stopped = true;
		LockSupport.unpark(this.thread);
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

	private void run() {
		List<T> batch = new ArrayList<>();
		try {
			while (!this.stopped && !Thread.currentThread().isInterrupted()) {
				for (T item = this.queue.poll(); item != null; item = this.queue.poll()) {
					batch.add(item);
				}
				if (batch.isEmpty()) {
					sleep();
					continue;
				}
				this.handler.accept(batch);
				batch.clear();
			}
		}
		catch (RuntimeException | Error ex) {
			this.onFailure.accept(ex);
		}
	}

	/**
	 * Sleeps until a submit or a stop: the flag is raised before the queue is looked at again, and a
	 * submit queues before it looks at the flag, so one of the two sees the other.
	 */
	private void sleep() {
		this.sleeping = true;
		if (this.queue.isEmpty() && !this.stopped) {
			LockSupport.park(this);
		}
		this.sleeping = false;
	}
}
