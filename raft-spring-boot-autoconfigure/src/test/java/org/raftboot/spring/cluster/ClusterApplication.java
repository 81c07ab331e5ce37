package org.raftboot.spring.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.raftboot.spring.event.RaftCommittedEvent;
import org.raftboot.spring.event.RaftConfChangeEvent;
import org.raftboot.spring.event.RaftLeaderChangedEvent;
import org.raftboot.spring.event.RaftRoleChangedEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** A user's application: nothing but the starter and a listener that records what it is told. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ClusterApplication {

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	/** Records every event, and replies to committed entries with their index. */
	static class Recorder {

		final List<RaftCommittedEvent> committed = new CopyOnWriteArrayList<>();

		final List<RaftLeaderChangedEvent> leaders = new CopyOnWriteArrayList<>();

		final List<RaftRoleChangedEvent> roles = new CopyOnWriteArrayList<>();

		final List<RaftConfChangeEvent> confChanges = new CopyOnWriteArrayList<>();

		@EventListener
		void on(RaftCommittedEvent event) {
			this.committed.add(event);
			event.setReply("applied " + event.dataAsString() + " at " + event.index());
		}

		@EventListener
		void on(RaftLeaderChangedEvent event) {
			this.leaders.add(event);
		}

		@EventListener
		void on(RaftRoleChangedEvent event) {
			this.roles.add(event);
		}

		@EventListener
		void on(RaftConfChangeEvent event) {
			this.confChanges.add(event);
		}

	}

}
