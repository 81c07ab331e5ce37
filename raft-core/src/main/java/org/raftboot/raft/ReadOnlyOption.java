package org.raftboot.raft;

/**
 * How a leader serves read-only queries (ReadIndex). {@link #SAFE} confirms leadership with a
 * heartbeat round to a quorum; {@link #LEASE_BASED} trusts the leader's lease and answers at once,
 * which is only correct when clocks drift boundedly and therefore requires check-quorum.
 */
public enum ReadOnlyOption {

	SAFE, LEASE_BASED

}
