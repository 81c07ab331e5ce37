package org.raftboot.faults;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happens to the bytes one member sends another (a directed flow, whichever connection
 * carries them): delivered, delivered late, or dropped; and whether either end is stalled (a
 * paused process reads and writes nothing, its peers' bytes wait in the network). A flow that
 * starts or stops dropping cuts the connections carrying it first, so the receiver never sees a
 * stream with a hole in it: TCP does not lose bytes in the middle of a connection.
 */
final class Flow {

	final long from;

	final long to;

	private final Set<Relay> relays = ConcurrentHashMap.newKeySet();

	private volatile boolean dropped;

	private volatile long delayNanos;

	private volatile boolean stalled;

	Flow(long from, long to) {
		this.from = from;
		this.to = to;
	}

	boolean dropped() {
		return this.dropped;
	}

	long delayNanos() {
		return this.delayNanos;
	}

	boolean stalled() {
		return this.stalled;
	}

	void drop(boolean drop) {
		if (this.dropped != drop) {
			cutAll();
			this.dropped = drop;
			cutAll();
		}
	}

	void delay(long nanos) {
		this.delayNanos = nanos;
	}

	synchronized void stall(boolean stall) {
		this.stalled = stall;
		notifyAll();
	}

	/** Blocks while the flow is stalled. */
	synchronized void awaitNotStalled() throws InterruptedException {
		while (this.stalled) {
			wait();
		}
	}

	void carry(Relay relay) {
		this.relays.add(relay);
	}

	void release(Relay relay) {
		this.relays.remove(relay);
	}

	void cutAll() {
		this.relays.forEach(Relay::cut);
	}

	@Override
	public String toString() {
		return this.from + "->" + this.to;
	}

}
