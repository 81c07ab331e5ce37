package org.raftboot.server;

/**
 * This replica does not lead and may not forward proposals to the leader (proposal forwarding is
 * disabled). Retry on {@link #leaderId()} when it is known.
 */
public final class NotLeaderException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final long leaderId;

	NotLeaderException(long leaderId) {
		super((leaderId == 0) ? "not the leader; no leader known" : "not the leader; the leader is " + Long.toHexString(leaderId),
				null, false, false);
		this.leaderId = leaderId;
	}

	/** The leader this replica knows of, or 0 when none. */
	public long leaderId() {
		return this.leaderId;
	}
}
