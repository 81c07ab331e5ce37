package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.SnapshotPayload;
import org.raftboot.transport.Transport;

/**
 * The outbox is the one way out for messages, also for Readys of messages alone that the node's
 * loop sends itself: a {@code MsgTimeoutNow} must end the lease before it leaves, and a snapshot
 * must stream from the storage's file.
 */
class OutboxTests {

	private static final long TICK = 100_000_000L;

	private final List<String> sent = new ArrayList<>();

	private final List<Long> failedSnapshots = new ArrayList<>();

	private final List<byte[]> asked = new ArrayList<>();

	private final LeaderLease lease = new LeaderLease(() -> 0L, 10 * TICK, TICK, this.asked::add);

	private final Transport transport = (Transport) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { Transport.class }, (proxy, method, args) -> {
				switch (method.getName()) {
					case "send" -> {
						@SuppressWarnings("unchecked")
						List<Message> messages = (List<Message>) args[1];
						messages.forEach((m) -> this.sent.add(m.getType() + " lease=" + leaseServes()));
					}
					case "sendSnapshot" -> this.sent.add(((Message) args[1]).getType() + " from file of "
							+ ((SnapshotPayload) args[2]).size() + " bytes");
					default -> throw new UnsupportedOperationException(method.getName());
				}
				return null;
			});

	@Test
	void aTimeoutNowEndsTheLeaseBeforeItLeavesAndOtherMessagesGoAsTheyAre(@TempDir Path dir) {
		try (FileStorage storage = storage(dir)) {
			Outbox outbox = new Outbox(storage, this.transport, 0, this.lease, this.failedSnapshots::add);
			holdLease();
			outbox.send(List.of(message(MessageType.MsgHeartbeat)));
			outbox.send(List.of(message(MessageType.MsgHeartbeat), message(MessageType.MsgTimeoutNow)));
			assertThat(this.sent).containsExactly("MsgHeartbeat lease=true", "MsgHeartbeat lease=false",
					"MsgTimeoutNow lease=false");
		}
	}

	@Test
	void aSnapshotStreamsFromTheStorageFileOrIsReportedFailedWhenTheStorageHasANewerOne(@TempDir Path dir) {
		try (FileStorage storage = storage(dir)) {
			storage.applySnapshot(snapshot(5, ByteString.copyFromUtf8("state at 5")));
			Outbox outbox = new Outbox(storage, this.transport, 0, null, this.failedSnapshots::add);
			outbox.send(List.of(message(MessageType.MsgApp), snapshotMessage(5, 2), snapshotMessage(3, 3)));
			assertThat(this.sent).containsExactly("MsgSnap from file of 10 bytes", "MsgApp lease=false");
			assertThat(this.failedSnapshots).containsExactly(3L);
		}
	}

	private void holdLease() {
		this.lease.beforeSend(3, true, 0, List.of());
		this.lease.startRound(new byte[] { 1 });
		this.lease.onReadState(this.asked.get(0));
	}

	private boolean leaseServes() {
		return this.lease.serve(new CompletableFuture<>());
	}

	private static FileStorage storage(Path dir) {
		return FileStorage.open(FileStorageOptions.builder(dir).fsync(false).build());
	}

	private static Message message(MessageType type) {
		return Message.newBuilder().setType(type).setFrom(1).setTo(2).setTerm(3).build();
	}

	private static Message snapshotMessage(long index, long to) {
		return Message.newBuilder().setType(MessageType.MsgSnap).setFrom(1).setTo(to).setTerm(3)
			.setSnapshot(snapshot(index, ByteString.EMPTY)).build();
	}

	private static Snapshot snapshot(long index, ByteString data) {
		return Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder().setIndex(index).setTerm(1)).setData(data).build();
	}
}
