package org.raftboot.spring.event;

import org.raftboot.raft.StateType;

/**
 * This replica changed role (follower, pre-candidate, candidate, leader). Published on the apply thread
 * as soon as the node reports it. A notification: a listener that throws is logged at WARN, and the
 * replica carries on.
 *
 * @param term the term in which the change was observed
 * @param oldRole the previous role
 * @param newRole the new role
 * @since 0.1.0
 */
public record RaftRoleChangedEvent(long term, StateType oldRole, StateType newRole) {
}
