package org.raftboot.spring.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.server.RaftServerListener;
import org.raftboot.spring.event.RaftConfChangeEvent;
import org.raftboot.spring.event.RaftLeaderChangedEvent;
import org.raftboot.spring.event.RaftRoleChangedEvent;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns the replica's callbacks into application events, published synchronously on the apply
 * thread: a configuration change therefore arrives in log order between the {@code RaftCommittedEvent}s
 * of the entries around it, and leader and role changes as the node reports them. Leader and role
 * changes are notifications: a listener that throws is logged at WARN, and the replica carries on
 * (the exception would otherwise end the apply thread, and with it the replica).
 */
final class EventPublishingListener implements RaftServerListener {

	private static final Log logger = LogFactory.getLog(EventPublishingListener.class);

	private final ApplicationEventPublisher publisher;

	EventPublishingListener(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onConfChangeApplied(long index, long term, ConfChangeV2 change, ConfState confState) {
		this.publisher.publishEvent(new RaftConfChangeEvent(index, term, ids(confState.getVotersList()),
				ids(confState.getLearnersList()), ids(confState.getVotersOutgoingList())));
	}

	@Override
	public void onLeaderChanged(long term, long oldLeader, long newLeader) {
		publishNotification(new RaftLeaderChangedEvent(term, oldLeader, newLeader));
	}

	@Override
	public void onRoleChanged(long term, StateType oldRole, StateType newRole) {
		publishNotification(new RaftRoleChangedEvent(term, oldRole, newRole));
	}

	private void publishNotification(Object event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event + " failed; the Raft replica carries on", ex);
		}
	}

	private static Set<Long> ids(Iterable<Long> ids) {
		Set<Long> set = new TreeSet<>();
		ids.forEach(set::add);
		return set;
	}

}
