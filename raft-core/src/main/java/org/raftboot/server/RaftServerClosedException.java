package org.raftboot.server;

/**
 * The server was closed (or its node stopped) before the request completed: its outcome is unknown,
 * a proposal may still have been committed by the rest of the cluster.
 */
public final class RaftServerClosedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RaftServerClosedException() {
		super("raft server closed", null, false, false);
	}
}
