package org.raftboot.raft;

/**
 * The volatile part of a node's state: who it believes leads and which role it plays. Reported
 * in {@link Ready} when it changes; never persisted.
 *
 * @param lead the leader's id, or {@code 0} when none is known
 * @param raftState the node's role
 */
public record SoftState(long lead, StateType raftState) {
}
