package org.raftboot.spring.autoconfigure;

import org.raftboot.spring.event.RaftCommittedEvent;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** A committed-entry listener that throws on the entry "boom": the replica stops, as documented. */
@Configuration(proxyBeanMethods = false)
public class ThrowingListener {

	@EventListener
	void on(RaftCommittedEvent event) {
		if (event.dataAsString().equals("boom")) {
			throw new IllegalStateException("listener fails on boom");
		}
	}

}
