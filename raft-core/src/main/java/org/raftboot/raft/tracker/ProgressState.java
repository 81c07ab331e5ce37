package org.raftboot.raft.tracker;

/**
 * How the leader currently replicates to a follower. The names are etcd's; they appear verbatim in
 * the conformance vectors.
 */
public enum ProgressState {

	/** The leader sends at most one append per heartbeat while it searches for the match point. */
	StateProbe,

	/** The follower is caught up: appends are streamed optimistically, bounded by the inflights. */
	StateReplicate,

	/** The follower needs a snapshot; no appends are sent until it is applied. */
	StateSnapshot

}
