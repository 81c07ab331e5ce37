package org.raftboot.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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

	/**
	 * Per session, one slot holding its highest sequence number: raised in place, so that applying
	 * an entry allocates nothing.
	 */
	private final Map<Long, long[]> highest = new HashMap<>();

	/** The session of the last entry admitted (entries mostly come from the leader's) and its slot. */
	private long lastSession;

	private long @Nullable [] lastHighest;

	/**
	 * Notes that proposal {@code seq} of {@code session} reached the state machine's turn.
	 * @return false if the same or a later proposal of that session was applied before: this one
	 * must not take effect
	 */
	boolean admit(long session, long seq) {
		long[] slot = this.lastHighest;
		if (slot == null || this.lastSession != session) {
			slot = this.highest.get(session);
			if (slot == null) {
				slot = new long[] { seq };
				this.highest.put(session, slot);
				remember(session, slot);
				return true;
			}
			remember(session, slot);
		}
		if (Long.compareUnsigned(seq, slot[0]) <= 0) {
			return false;
		}
		slot[0] = seq;
		return true;
	}

	/** The highest sequence number applied for {@code session}, 0 if none was. */
	long highest(long session) {
		long[] slot = this.highest.get(session);
		return (slot != null) ? slot[0] : 0;
	}

	void writeTo(DataOutputStream out) throws IOException {
		out.writeInt(this.highest.size());
		for (Map.Entry<Long, long[]> e : this.highest.entrySet()) {
			out.writeLong(e.getKey());
			out.writeLong(e.getValue()[0]);
		}
		out.flush();
	}

	/** Replaces the content with one written by {@link #writeTo}. */
	void restore(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		this.highest.clear();
		this.lastHighest = null;
		for (int n = data.readInt(); n > 0; n--) {
			this.highest.put(data.readLong(), new long[] { data.readLong() });
		}
	}

	private void remember(long session, long[] slot) {
		this.lastSession = session;
		this.lastHighest = slot;
	}

}
