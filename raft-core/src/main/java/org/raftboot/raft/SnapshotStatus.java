package org.raftboot.raft;

/**
 * The outcome of sending a snapshot, reported by the application through
 * {@link RawNode#reportSnapshot} so the leader resumes replication to that follower.
 */
public enum SnapshotStatus {

	SnapshotFinish, SnapshotFailure

}
