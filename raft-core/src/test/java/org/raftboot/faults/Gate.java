package org.raftboot.faults;

/**
 * Where a member's apply thread stops while the member is paused: before each state machine apply
 * and after each save, so a paused member neither acknowledges, applies nor answers.
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
