package org.raftboot.raft.confchange;

/**
 * A configuration change that is not allowed from the current configuration, or a configuration
 * that breaks an invariant. The message is etcd's error text.
 */
public class ConfChangeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ConfChangeException(String message) {
		super(message);
	}

}
