package org.raftboot.server;

import java.util.Map;

import org.raftboot.raft.Status;

/**
 * What an operator wants to see of one replica, taken at one moment and never changed after: the
 * node's raft {@link Status} (term, vote, commit, applied, leader, role, lead transferee,
 * configuration and, on the leader, each follower's progress), where the state machine and the
 * last snapshot are, and the transport's links to the peers.
 */
public record ServerStatus(long groupId, long nodeId, Status raft, long lastApplied, long snapshotIndex,
		Map<Long, PeerLink> peers) {

	public ServerStatus {
		peers = Map.copyOf(peers);
	}

	/** Whether this replica leads its group. */
	public boolean isLeader() {
		return this.raft.lead() == this.nodeId;
	}
}
