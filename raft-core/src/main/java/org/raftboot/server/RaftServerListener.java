package org.raftboot.server;

import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;

/**
 * Callbacks for what a {@link RaftServer} does besides applying entries, so that applications and
 * metrics learn of membership, leadership and disk latency when it happens instead of polling the
 * status. Every method has an empty default. All are called on the server's apply thread, in order
 * with the entries applied, but {@link #onPersisted}, which the storage thread calls: keep them short
 * and never block; one that throws stops the replica, as a failing {@link StateMachine} does.
 */
public interface RaftServerListener {

	/**
	 * A configuration change entry was applied: called exactly once per applied entry, in log order
	 * with {@link StateMachine#apply} (after the entries before it, before those after it), and before
	 * the proposer's future completes. After a restart the entries after the last snapshot are applied,
	 * and reported, again.
	 * @param index the entry's index
	 * @param term the entry's term
	 * @param change the change (a legacy {@code ConfChange} in its V2 form)
	 * @param confState the configuration in force once the change is applied
	 */
	default void onConfChangeApplied(long index, long term, ConfChangeV2 change, ConfState confState) {
	}

	/**
	 * The leader this replica knows changed (to 0 when it knows none), as reported by the node.
	 * @param term the current term
	 */
	default void onLeaderChanged(long term, long oldLeader, long newLeader) {
	}

	/**
	 * This replica's role changed.
	 * @param term the current term
	 */
	default void onRoleChanged(long term, StateType oldRole, StateType newRole) {
	}

	/**
	 * Entries, hard state or snapshot were written and synced to the storage (one write may hold the
	 * appends of several Readys: group commit). Called on the storage thread.
	 * @param nanos how long the write and sync took
	 * @param entries how many entries were written
	 */
	default void onPersisted(long nanos, int entries) {
	}
}
