package org.raftboot.raft;

/**
 * Test-only access to the algorithm's internals, for drivers that need to pin what is otherwise
 * random (etcd's {@code SetRandomizedElectionTimeout}).
 */
public final class RaftTestHooks {

	private RaftTestHooks() {
	}

	/** Pins the node's election timeout until its next state change re-draws it. */
	public static void setRandomizedElectionTimeout(RawNode rn, int timeout) {
		rn.raft.randomizedElectionTimeout = timeout;
	}

}
