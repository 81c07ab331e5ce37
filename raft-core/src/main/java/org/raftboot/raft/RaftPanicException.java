package org.raftboot.raft;

/**
 * An invariant of the algorithm was broken (etcd raft panics here): the raft instance must not be
 * used any further.
 */
public class RaftPanicException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public RaftPanicException(String message) {
		super(message);
	}

}
