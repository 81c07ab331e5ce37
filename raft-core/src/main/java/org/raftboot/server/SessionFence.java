package org.raftboot.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The highest proposal sequence number applied for each proposer session (see {@link Envelope}),
 * part of the replicated state: kept in snapshots and rebuilt by applying the log, so that every
 * replica makes the same decisions.
 *
 * <p>{@link Proposals} tells a proposer that proposal {@code s} was dropped once a later one of its
 * session is applied. Yet {@code s} can still reach the log afterwards: a follower forwarded it to a
 * leader over a slow link, leadership moved, and the old leader, now a follower, forwards it to the
 * new one. Such an entry is skipped instead of applied, which keeps the promise that a dropped
 * proposal never takes effect. One entry per server start of every member that ever proposed.
 */
final class SessionFence {

	private final Map<Long, Long> highest = new HashMap<>();

	/**
	 * Notes that proposal {@code seq} of {@code session} reached the state machine's turn.
	 * @return false if the same or a later proposal of that session was applied before: this one
	 * must not take effect
	 */
	boolean admit(long session, long seq) {
		Long before = this.highest.get(session);
		if (before != null && Long.compareUnsigned(seq, before) <= 0) {
			return false;
		}
		this.highest.put(session, seq);
		return true;
	}

	/** The highest sequence number applied for {@code session}, 0 if none was. */
	long highest(long session) {
		return this.highest.getOrDefault(session, 0L);
	}

	void writeTo(DataOutputStream out) throws IOException {
		out.writeInt(this.highest.size());
		for (Map.Entry<Long, Long> e : this.highest.entrySet()) {
			out.writeLong(e.getKey());
			out.writeLong(e.getValue());
		}
		out.flush();
	}

	/** Replaces the content with one written by {@link #writeTo}. */
	void restore(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		this.highest.clear();
		for (int n = data.readInt(); n > 0; n--) {
			this.highest.put(data.readLong(), data.readLong());
		}
	}

}
