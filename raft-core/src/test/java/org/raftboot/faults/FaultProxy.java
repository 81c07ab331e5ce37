package org.raftboot.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A fault-injecting TCP proxy between every pair of members. Member {@code a} reaches member
 * {@code b} at {@link #address(long, long)}, a proxy listening on 127.0.0.1, and every byte from
 * {@code a} to {@code b} (on the connections {@code a} dials and on the replies of those
 * {@code b} dials) goes through the directed flow {@code a -> b}, which can drop, delay or stall
 * them, one way or both, until healed.
 */
final class FaultProxy implements AutoCloseable {

	private final Map<Long, InetSocketAddress> members;

	private final Map<Long, Map<Long, Flow>> flows = new HashMap<>();

	private final Map<Long, Map<Long, Link>> links = new HashMap<>();

	/** A proxy for the members listening at {@code members} (id to real address). */
	FaultProxy(Map<Long, InetSocketAddress> members) {
		this.members = Map.copyOf(members);
		for (long a : members.keySet()) {
			for (long b : members.keySet()) {
				if (a != b) {
					this.flows.computeIfAbsent(a, (k) -> new HashMap<>()).put(b, new Flow(a, b));
				}
			}
		}
		try {
			for (long a : members.keySet()) {
				for (long b : members.keySet()) {
					if (a != b) {
						this.links.computeIfAbsent(a, (k) -> new HashMap<>())
							.put(b, new Link(members.get(b), flow(a, b), flow(b, a)));
					}
				}
			}
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(ex);
		}
	}

	/** Where member {@code from} dials to reach member {@code to}. */
	InetSocketAddress address(long from, long to) {
		return this.links.get(from).get(to).address();
	}

	/** The peer addresses member {@code from} is given: every other member, through the proxy. */
	Map<Long, InetSocketAddress> peersOf(long from) {
		Map<Long, InetSocketAddress> peers = new HashMap<>();
		for (long to : this.members.keySet()) {
			peers.put(to, (to == from) ? this.members.get(from) : address(from, to));
		}
		return peers;
	}

	/** Drops every byte from {@code from} to {@code to} (one way) until healed. */
	void drop(long from, long to) {
		flow(from, to).drop(true);
	}

	/** Delays every byte from {@code from} to {@code to} (one way) by {@code delay}, order kept. */
	void delay(long from, long to, Duration delay) {
		flow(from, to).delay(delay.toNanos());
	}

	/** Closes every connection between {@code a} and {@code b} now; new ones may follow. */
	void cut(long a, long b) {
		flow(a, b).cutAll();
		flow(b, a).cutAll();
	}

	/**
	 * Splits the members into sides that do not hear each other (both ways); members in no side
	 * hear everyone, a bridge.
	 */
	void partition(Collection<Set<Long>> sides) {
		for (Set<Long> side : sides) {
			for (Set<Long> other : sides) {
				if (side != other) {
					side.forEach((a) -> other.forEach((b) -> drop(a, b)));
				}
			}
		}
	}

	/** Cuts {@code member} off from everyone, both ways. */
	void isolate(long member) {
		for (long other : this.members.keySet()) {
			if (other != member) {
				drop(member, other);
				drop(other, member);
			}
		}
	}

	/** Holds every byte to and from {@code member} in the network (a paused process). */
	void stall(long member) {
		stall(member, true);
	}

	/** Lets the bytes held for {@code member} go, in order. */
	void resume(long member) {
		stall(member, false);
	}

	private void stall(long member, boolean stall) {
		for (long other : this.members.keySet()) {
			if (other != member) {
				flow(member, other).stall(stall);
				flow(other, member).stall(stall);
			}
		}
	}

	/** Stops dropping and delaying between {@code from} and {@code to} (one way). */
	void heal(long from, long to) {
		Flow flow = flow(from, to);
		flow.delay(0);
		flow.drop(false);
	}

	/** Heals every flow and resumes every member. */
	void healAll() {
		for (long a : this.members.keySet()) {
			resume(a);
			for (long b : this.members.keySet()) {
				if (a != b) {
					heal(a, b);
				}
			}
		}
	}

	private Flow flow(long from, long to) {
		return this.flows.get(from).get(to);
	}

	@Override
	public void close() {
		for (Map<Long, Link> from : this.links.values()) {
			for (Link link : from.values()) {
				try {
					link.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		}
		for (Map<Long, Flow> from : this.flows.values()) {
			from.values().forEach((f) -> {
				f.stall(false);
				f.cutAll();
			});
		}
	}

}
