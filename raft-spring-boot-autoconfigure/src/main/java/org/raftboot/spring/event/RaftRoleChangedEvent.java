package org.raftboot.spring.event;

import org.raftboot.raft.StateType;

/**
 * This replica changed role (follower, pre-candidate, candidate, leader).
 *
 * @param term the term in which the change was observed
 * @param oldRole the previous role
 * @param newRole the new role
 * @since 0.1.0
 */
public record RaftRoleChangedEvent(long term, StateType oldRole, StateType newRole) {
}
