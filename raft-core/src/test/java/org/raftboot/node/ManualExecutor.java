package org.raftboot.node;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** Runs the tasks given to it when the test says so, on the test's thread: the loop's turns, one by one. */
final class ManualExecutor implements Executor {

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

	@Override
	public synchronized void execute(Runnable task) {
		this.tasks.add(task);
	}

	synchronized int pending() {
		return this.tasks.size();
	}

	void runOne() {
		Runnable task;
		synchronized (this) {
			task = this.tasks.remove();
		}
		task.run();
	}

	void runAll() {
		while (pending() > 0) {
			runOne();
		}
	}

}
