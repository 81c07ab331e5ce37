package org.raftboot.raft.quorum;

/**
 * How an election stands. The constant names are etcd's, because they are printed verbatim in the
 * conformance vectors.
 */
public enum VoteResult {

	/** Neither the granted nor the rejected votes can reach a quorum yet. */
	VotePending,

	/** A quorum rejected: the election cannot be won any more. */
	VoteLost,

	/** A quorum granted. */
	VoteWon

}
