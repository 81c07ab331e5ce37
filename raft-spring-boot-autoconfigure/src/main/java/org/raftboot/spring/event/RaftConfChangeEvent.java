package org.raftboot.spring.event;

import java.util.Set;

/**
 * The cluster's membership changed: this replica applied a configuration change entry (a member added,
 * removed, promoted, or a joint configuration entered or left). Published on the apply thread in log
 * order, between the {@code RaftCommittedEvent}s of the entries before and after it, once per applied
 * entry (after a restart, the entries after the last snapshot are published again).
 *
 * @param index the configuration change entry's index in the log
 * @param term the entry's term
 * @param voters the voters (of the incoming configuration, when joint)
 * @param learners the learners
 * @param outgoingVoters the voters of the outgoing configuration, empty unless joint
 * @since 0.1.0
 */
public record RaftConfChangeEvent(long index, long term, Set<Long> voters, Set<Long> learners,
		Set<Long> outgoingVoters) {

	public RaftConfChangeEvent {
		voters = Set.copyOf(voters);
		learners = Set.copyOf(learners);
		outgoingVoters = Set.copyOf(outgoingVoters);
	}
}
