package org.raftboot.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.SnapshotDataFile;
import org.raftboot.transport.SnapshotPayload;
import org.raftboot.transport.Transport;

/**
 * Where every outbound message of a replica leaves, whether the node's loop sends it (a Ready's
 * messages) or the storage thread (the responses that waited for a write), so that two kinds never skip their
 * special handling. A snapshot streams from the storage's snapshot file rather than from the
 * message, whose data may be empty (a snapshot received into a file is not on the heap); one the
 * storage no longer holds (a newer snapshot replaced it since raft read it) is reported failed, and
 * raft sends the newer one. A {@code MsgTimeoutNow} ends the leader lease for the rest of the term
 * before it leaves: the transferee's forced campaign ignores the voters' lease.
 *
 * <p>Thread-safe: the storage, the transport and the lease are.
 */
final class Outbox {

	/** Reports to raft that the snapshot for a peer failed. */
	private final LongConsumer snapshotFailed;

	private final FileStorage storage;

	private final Transport transport;

	private final long groupId;

	private final @Nullable LeaderLease lease;

	Outbox(FileStorage storage, Transport transport, long groupId, @Nullable LeaderLease lease,
			LongConsumer snapshotFailed) {
		this.snapshotFailed = snapshotFailed;
		this.storage = storage;
		this.transport = transport;
		this.groupId = groupId;
		this.lease = lease;
	}

	void send(List<Message> messages) {
		int special = 0;
		for (int i = 0, n = messages.size(); i < n; i++) {
			if (isSpecial(messages.get(i).getType())) {
				special++;
			}
		}
		if (special == 0) {
			this.transport.send(this.groupId, messages);
			return;
		}
		List<Message> plain = new ArrayList<>(messages.size());
		for (int i = 0, n = messages.size(); i < n; i++) {
			Message m = messages.get(i);
			if (m.getType() == MessageType.MsgSnap) {
				sendSnapshot(m);
				continue;
			}
			if (m.getType() == MessageType.MsgTimeoutNow && this.lease != null) {
				this.lease.onTimeoutNow(m.getTerm());
			}
			plain.add(m);
		}
		if (!plain.isEmpty()) {
			this.transport.send(this.groupId, plain);
		}
	}

	private void sendSnapshot(Message m) {
		SnapshotDataFile data = this.storage.snapshotDataFile(m.getSnapshot().getMetadata().getIndex());
		if (data == null) {
			this.snapshotFailed.accept(m.getTo());
		}
		else {
			this.transport.sendSnapshot(this.groupId, m, SnapshotPayload.ofFile(data.file(), data.offset(), data.length()));
		}
	}

	private static boolean isSpecial(MessageType type) {
		return type == MessageType.MsgSnap || type == MessageType.MsgTimeoutNow;
	}
}
