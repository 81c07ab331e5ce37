package org.raftboot.spring.event;

/**
 * This replica learned of a new leader (or lost the one it knew: {@code newLeader} 0). Published on the
 * apply thread as soon as the node reports it. A notification: a listener that throws is logged at
 * WARN, and the replica carries on.
 *
 * @param term the term in which the change was observed
 * @param oldLeader the previous leader, 0 when none was known
 * @param newLeader the new leader, 0 when none is known
 * @since 0.1.0
 */
public record RaftLeaderChangedEvent(long term, long oldLeader, long newLeader) {
}
