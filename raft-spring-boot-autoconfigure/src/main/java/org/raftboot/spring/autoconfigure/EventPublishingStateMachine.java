package org.raftboot.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;
import org.raftboot.server.CommittedEntry;
import org.raftboot.server.StateMachine;
import org.raftboot.spring.RaftSnapshotter;
import org.raftboot.spring.event.RaftCommittedEvent;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The replica's state machine as the application sees it: each committed entry becomes a
 * {@link RaftCommittedEvent} published synchronously on the apply thread (so in log order), whose reply
 * is the proposer's result; snapshots go to the application's {@link RaftSnapshotter}, if any.
 */
final class EventPublishingStateMachine implements StateMachine {

	private final ApplicationEventPublisher publisher;

	private final @Nullable RaftSnapshotter snapshotter;

	EventPublishingStateMachine(ApplicationEventPublisher publisher, @Nullable RaftSnapshotter snapshotter) {
		this.publisher = publisher;
		this.snapshotter = snapshotter;
	}

	@Override
	public @Nullable Object apply(CommittedEntry entry) {
		RaftCommittedEvent event = new RaftCommittedEvent(entry.index(), entry.term(), entry.bytes());
		this.publisher.publishEvent(event);
		return event.reply();
	}

	@Override
	public void snapshot(OutputStream out) throws IOException {
		snapshotter().snapshot(out);
	}

	@Override
	public void restore(InputStream in) throws IOException {
		snapshotter().restore(in);
	}

	private RaftSnapshotter snapshotter() {
		if (this.snapshotter == null) {
			throw new IllegalStateException("A snapshot must be taken or installed but the application defines no "
					+ "RaftSnapshotter bean (a member that has one sent it?): define the same RaftSnapshotter on every member");
		}
		return this.snapshotter;
	}

}
