package org.raftboot.spring.event;

import java.util.Set;

/**
 * The cluster's membership changed: this replica applied a configuration change (a member added,
 * removed, promoted, or a joint configuration entered or left).
 *
 * @param appliedIndex the applied index at which the new configuration was seen
 * @param term the term at which it was seen
 * @param voters the voters (of the incoming configuration, when joint)
 * @param learners the learners
 * @param outgoingVoters the voters of the outgoing configuration, empty unless joint
 * @since 0.1.0
 */
public record RaftConfChangeEvent(long appliedIndex, long term, Set<Long> voters, Set<Long> learners,
		Set<Long> outgoingVoters) {

	public RaftConfChangeEvent {
		voters = Set.copyOf(voters);
		learners = Set.copyOf(learners);
		outgoingVoters = Set.copyOf(outgoingVoters);
	}
}
