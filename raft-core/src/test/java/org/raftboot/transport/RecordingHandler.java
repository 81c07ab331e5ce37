package org.raftboot.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.raftboot.raft.pb.Message;

/** A group handler that keeps what it receives (taking ownership of snapshot payloads). */
class RecordingHandler implements MessageHandler {

	private final List<Message> messages = new ArrayList<>();

	final List<ReceivedSnapshot> snapshots = new CopyOnWriteArrayList<>();

	private volatile Consumer<Message> onMessage = (message) -> {
	};

	@Override
	public void onMessage(Message message) {
		this.onMessage.accept(message);
		synchronized (this.messages) {
			this.messages.add(message);
		}
	}

	/** A copy of the messages received so far, in order. */
	List<Message> messages() {
		synchronized (this.messages) {
			return new ArrayList<>(this.messages);
		}
	}

	int count() {
		synchronized (this.messages) {
			return this.messages.size();
		}
	}

	@Override
	public void onSnapshot(Message message, SnapshotPayload payload) {
		this.snapshots.add(new ReceivedSnapshot(message, payload));
	}

	void onEachMessage(Consumer<Message> action) {
		this.onMessage = action;
	}

	List<Message> from(long peerId) {
		return messages().stream().filter((m) -> m.getFrom() == peerId).toList();
	}

	record ReceivedSnapshot(Message message, SnapshotPayload payload) {
	}
}
