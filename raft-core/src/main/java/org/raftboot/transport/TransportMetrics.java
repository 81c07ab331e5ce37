package org.raftboot.transport;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a transport: rejected connections by reason, inbound messages nobody wanted, and
 * one {@link PeerMetrics} per known peer. Meant to be bound to Micrometer by the Spring layer.
 */
public final class TransportMetrics {

	private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

	private final LongAdder inboundDropped = new LongAdder();

	private final Map<Long, PeerMetrics> peers;

	TransportMetrics(Map<Long, PeerMetrics> peers) {
		for (RejectReason reason : RejectReason.values()) {
			this.rejected.put(reason, new LongAdder());
		}
		this.peers = Collections.unmodifiableMap(peers);
	}

	/** Inbound connections closed for {@code reason}. */
	public long rejectedConnections(RejectReason reason) {
		return this.rejected.get(reason).sum();
	}

	/** Inbound connections closed for any reason. */
	public long rejectedConnections() {
		return this.rejected.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/** Well-formed inbound messages dropped because no handler is registered for their group. */
	public long inboundDropped() {
		return this.inboundDropped.sum();
	}

	/** The metrics of every known peer, by id (a live, read-only view). */
	public Map<Long, PeerMetrics> peers() {
		return this.peers;
	}

	void rejected(RejectReason reason) {
		this.rejected.get(reason).increment();
	}

	void countInboundDropped() {
		this.inboundDropped.increment();
	}
}
