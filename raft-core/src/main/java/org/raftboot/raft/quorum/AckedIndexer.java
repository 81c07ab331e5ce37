package org.raftboot.raft.quorum;

/**
 * Where the quorum computations read each voter's acknowledged log index from, so that they work
 * directly over the leader's progress map (or any test table) without copying it.
 */
@FunctionalInterface
public interface AckedIndexer {

	/**
	 * Returned by {@link #ackedIndex} when the voter has not acknowledged anything (etcd's
	 * {@code found == false}). It is 2^64-1 read unsigned, which no real index reaches.
	 */
	long UNKNOWN = -1L;

	/** The index the voter acknowledged, or {@link #UNKNOWN}. */
	long ackedIndex(long voterId);

}
