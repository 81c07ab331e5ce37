package org.raftboot.node;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RaftException;

/**
 * The node was stopped (etcd's {@code ErrStopped}) before it could serve a request. When the
 * loop thread died of an unexpected error, that error is the cause.
 */
public final class NodeStoppedException extends RaftException {

	private static final long serialVersionUID = 1L;

	NodeStoppedException(@Nullable Throwable cause) {
		super("raft: stopped");
		if (cause != null) {
			initCause(cause);
		}
	}

}
