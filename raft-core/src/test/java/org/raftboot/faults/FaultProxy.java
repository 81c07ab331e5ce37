package org.raftboot.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A fault-injecting TCP proxy between every pair of members. Every member reaches member {@code b}
 * at {@link #address(long) address(b)}, a proxy listening on 127.0.0.1 that learns who dials from
 * the transport's preface, so every byte from {@code a} to {@code b} (on the connections {@code a}
 * dials and on the replies of those {@code b} dials) goes through the directed flow
 * {@code a -> b}, which can drop, delay or stall them, one way or both, until healed. Every member
 * has the same address book, as snapshots carry it from one member to another.
 */
final class FaultProxy implements AutoCloseable {

	private final Set<Long> members;

	private final Map<Long, Map<Long, Flow>> flows = new HashMap<>();

	private final Map<Long, Front> fronts = new HashMap<>();

	/** A proxy for the members listening at {@code members} (id to real address). */
	FaultProxy(Map<Long, InetSocketAddress> members) {
		this.members = Set.copyOf(members.keySet());
		for (long a : this.members) {
			for (long b : this.members) {
				if (a != b) {
					this.flows.computeIfAbsent(a, (k) -> new HashMap<>()).put(b, new Flow(a, b));
				}
			}
		}
		try {
			for (long m : this.members) {
				this.fronts.put(m, new Front(m, members.get(m), this::flowOrNull));
			}
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(ex);
		}
	}

	/** Where every member dials to reach {@code member}. */
	InetSocketAddress address(long member) {
		return this.fronts.get(member).address();
	}

	/** The address book every member is given: each member at its proxy. */
	Map<Long, InetSocketAddress> addresses() {
		Map<Long, InetSocketAddress> book = new HashMap<>();
		this.members.forEach((m) -> book.put(m, address(m)));
		return book;
	}

	/** {@code member} now listens at {@code address} (restarted on a new port). */
	void retarget(long member, InetSocketAddress address) {
		this.fronts.get(member).retarget(address);
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
		for (long other : this.members) {
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
		for (long other : this.members) {
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
		for (long a : this.members) {
			resume(a);
			for (long b : this.members) {
				if (a != b) {
					heal(a, b);
				}
			}
		}
	}

	private Flow flow(long from, long to) {
		return this.flows.get(from).get(to);
	}

	private @Nullable Flow flowOrNull(long from, long to) {
		Map<Long, Flow> out = this.flows.get(from);
		return (out != null) ? out.get(to) : null;
	}

	@Override
	public void close() {
		for (Front front : this.fronts.values()) {
			try {
				front.close();
			}
			catch (IOException ex) {
				// closing anyway
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
