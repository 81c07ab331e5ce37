package org.raftboot.raft;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.quorum.AckedIndexer;
import org.raftboot.raft.quorum.JointConfig;

/**
 * The leader's bookkeeping of ReadIndex requests in safe mode. Each request gets a position in a
 * counter; heartbeats carry the counter (8 bytes, little endian) and followers echo it back. A
 * request is confirmed once a quorum acknowledged a counter that covers it, so retried or
 * reordered heartbeats never confirm a read they did not cover.
 */
final class ReadOnly implements AckedIndexer {

	/** A pending read: the request and the commit index it was received at. */
	record ReadIndexRequest(Message req, long index) {
	}

	final ReadOnlyOption option;

	private final TreeMap<Long, Long> acks = new TreeMap<>();

	private final List<ReadIndexRequest> unconfirmedReads = new ArrayList<>();

	private long confirmedReads;

	ReadOnly(ReadOnlyOption option) {
		this.option = option;
	}

	/** Queues a request received at the given commit index. */
	void addRequest(long commitIndex, Message req) {
		this.unconfirmedReads.add(new ReadIndexRequest(req, commitIndex));
	}

	/**
	 * Records the read counter a voter echoed. An empty context carries no counter; a context too
	 * short to hold one comes from a faulty peer and is ignored too (etcd would panic, taking the
	 * leader down with it).
	 */
	void recvAck(long from, byte @Nullable [] ctx) {
		if (ctx != null && ctx.length >= Long.BYTES) {
			long counter = ByteBuffer.wrap(ctx, 0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
			this.acks.merge(from, counter, (a, b) -> (Long.compareUnsigned(a, b) >= 0) ? a : b);
		}
	}

	@Override
	public long ackedIndex(long voterId) {
		Long idx = this.acks.get(voterId);
		return (idx != null) ? idx : AckedIndexer.UNKNOWN;
	}

	/** The requests a quorum of the configuration has now confirmed, oldest first. */
	List<ReadIndexRequest> maybeAdvance(JointConfig c) {
		long newConfirmedReads = c.committedIndex(this);
		if (Long.compareUnsigned(newConfirmedReads, this.confirmedReads) <= 0) {
			return List.of();
		}
		int count = (int) Math.min(newConfirmedReads - this.confirmedReads, this.unconfirmedReads.size());
		List<ReadIndexRequest> confirmed = new ArrayList<>(this.unconfirmedReads.subList(0, count));
		this.unconfirmedReads.subList(0, count).clear();
		this.confirmedReads = newConfirmedReads;
		return confirmed;
	}

	/** The context for the next heartbeat: the position of the newest pending read, or none. */
	byte @Nullable [] heartbeatCtx() {
		if (this.unconfirmedReads.isEmpty()) {
			return null;
		}
		long unconfirmedReadPosition = this.confirmedReads + this.unconfirmedReads.size();
		return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(unconfirmedReadPosition).array();
	}

}
