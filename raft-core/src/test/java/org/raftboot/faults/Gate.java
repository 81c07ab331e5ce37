package org.raftboot.faults;

/**
 * Where a member's threads stop while the member is paused: its apply thread before each state
 * machine apply, its storage thread after each save (before the acknowledgements leave), so a paused
 * member neither acknowledges, applies nor answers.
 */
final class Gate {

	private boolean closed;

	synchronized void close() {
		this.closed = true;
	}

	synchronized void open() {
		this.closed = false;
		notifyAll();
	}

	/** Waits while the gate is closed. */
	synchronized void pass() {
		boolean interrupted = false;
		while (this.closed) {
			try {
				wait();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
