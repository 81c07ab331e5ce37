package org.raftboot.raft;

/**
 * A request the raft state machine refused (etcd's sentinel errors). The subclasses are expected
 * in normal operation, so they carry no stack trace; their messages are etcd's texts.
 */
public class RaftException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public RaftException(String message) {
		super(message);
	}

	/** For the expected, stackless subclasses. */
	RaftException(String message, boolean expected) {
		super(message, null, false, false);
	}

}
