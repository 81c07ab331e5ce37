package org.raftboot.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.NewerMessages;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.raft.pb.UnknownEnums;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

class NettyTransportMessagingTests {

	private static final int PER_PEER = 3000;

	private static final List<MessageType> TYPES = List.of(MessageType.values())
		.stream()
		.filter((type) -> type != MessageType.MsgSnap)
		.toList();

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void closeNodes() {
		this.nodes.close();
	}

	@Test
	void threeTransportsExchangeThousandsOfMessagesOfEveryTypeInOrderPerPeer() {
		Node[] trio = { this.nodes.start(1), this.nodes.start(2), this.nodes.start(3) };
		TestNodes.mesh(trio);
		List<CompletableFuture<Void>> senders = new ArrayList<>();
		for (Node sender : trio) {
			senders.add(CompletableFuture.runAsync(() -> sendAll(sender, trio)));
		}
		senders.forEach(CompletableFuture::join);
		eventually().untilAsserted(() -> assertThat(trio)
				.allSatisfy((node) -> assertThat(node.handler().count()).isEqualTo(2 * PER_PEER)));
		for (Node receiver : trio) {
			for (Node sender : trio) {
				if (sender != receiver) {
					assertThat(receiver.handler().from(sender.id())).isEqualTo(expected(sender.id(), receiver.id()));
					assertThat(sender.peer(receiver.id()).messagesSent()).isEqualTo(PER_PEER);
					assertThat(sender.peer(receiver.id()).bytesSent())
						.isEqualTo(expected(sender.id(), receiver.id()).stream()
							.mapToLong((m) -> Frames.messageFrameSize(m.getSerializedSize()))
							.sum());
					assertThat(receiver.peer(sender.id()).messagesReceived()).isEqualTo(PER_PEER);
					assertThat(receiver.peer(sender.id()).bytesReceived()).isEqualTo(sender.peer(receiver.id()).bytesSent());
				}
			}
			assertThat(receiver.listener().unreachable).isEmpty();
		}
	}

	@Test
	void aSnapshotSentLikeAnyMessageArrivesWithItsDataAndIsReported() throws Exception {
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		ByteString data = ByteString.copyFromUtf8("state machine image");
		Message snap = Message.newBuilder()
			.setType(MessageType.MsgSnap)
			.setFrom(1)
			.setTo(2)
			.setTerm(3)
			.setSnapshot(Snapshot.newBuilder()
				.setData(data)
				.setMetadata(SnapshotMetadata.newBuilder().setIndex(42).setTerm(3)))
			.build();
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 1), snap));
		eventually().untilAsserted(() -> assertThat(b.handler().snapshots).hasSize(1));
		RecordingHandler.ReceivedSnapshot received = b.handler().snapshots.get(0);
		assertThat(received.message().getSnapshot().getMetadata()).isEqualTo(snap.getSnapshot().getMetadata());
		assertThat(received.message().getSnapshot().hasData()).isFalse();
		assertThat(received.payload().toByteString()).isEqualTo(data);
		received.payload().close();
		assertThat(received.payload().file()).hasValueSatisfying((file) -> assertThat(file).doesNotExist());
		eventually().untilAsserted(() -> assertThat(a.listener().snapshotStatuses)
			.containsExactly(new RecordingListener.SnapshotStatus(0, 2, true)));
		assertThat(a.peer(2).snapshotsSent()).isOne();
		assertThat(a.peer(2).snapshotProgress()).isEmpty();
	}

	@Test
	void twoGroupsShareOneConnectionAndEachGetsOnlyItsMessages() {
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		RecordingHandler groupSeven = new RecordingHandler();
		b.transport().registerHandler(7, groupSeven);
		for (int i = 1; i <= 100; i++) {
			a.transport().send(0, List.of(TestNodes.heartbeat(1, 2, i)));
			a.transport().send(7, List.of(TestNodes.message(MessageType.MsgApp, 1, 2, i)));
			a.transport().send(9, List.of(TestNodes.message(MessageType.MsgVote, 1, 2, i)));
		}
		eventually().untilAsserted(() -> {
			assertThat(b.handler().count()).isEqualTo(100);
			assertThat(groupSeven.count()).isEqualTo(100);
			assertThat(b.transport().metrics().inboundDropped()).isEqualTo(100);
		});
		assertThat(b.handler().messages()).extracting(Message::getType).containsOnly(MessageType.MsgHeartbeat);
		assertThat(groupSeven.messages()).extracting(Message::getIndex)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
		assertThat(a.peer(2).connectionsEstablished()).isOne();
		assertThat(a.peer(2).connectionState()).isEqualTo(ConnectionState.CONNECTED);
	}

	/** Raft forwards a transfer request from a follower to its leader as from the transferee. */
	@Test
	void aForwardedLeadershipTransferRequestArrivesAsRaftMadeIt() {
		Node follower = this.nodes.start(1);
		Node leader = this.nodes.start(2);
		TestNodes.mesh(follower, leader);
		Message forwarded = TestNodes.message(MessageType.MsgTransferLeader, 3, 2, 0);
		follower.transport().send(List.of(forwarded, TestNodes.heartbeat(1, 2, 1)));
		eventually().untilAsserted(() -> assertThat(leader.handler().messages()).containsExactly(forwarded,
				TestNodes.heartbeat(1, 2, 1)));
		assertThat(leader.transport().metrics().rejectedConnections()).isZero();
		assertThat(follower.peer(2).connectionsEstablished()).isOne();
	}

	/** A newer peer's message type goes to raft, which applies its term (the transport cannot judge it). */
	@Test
	void aMessageOfATypeThisVersionDoesNotKnowArrivesWithItsNumber() {
		Node newer = this.nodes.start(1);
		Node receiver = this.nodes.start(2);
		TestNodes.mesh(newer, receiver);
		Message unknown = NewerMessages.ofUnknownType(1, 2, 5);
		newer.transport().send(List.of(unknown, TestNodes.heartbeat(1, 2, 1)));
		eventually().untilAsserted(() -> assertThat(receiver.handler().messages()).containsExactly(unknown,
				TestNodes.heartbeat(1, 2, 1)));
		assertThat(UnknownEnums.number(receiver.handler().messages().get(0), Message.TYPE_FIELD_NUMBER))
			.hasValue(NewerMessages.UNKNOWN_TYPE);
		assertThat(receiver.transport().metrics().rejectedConnections()).isZero();
		assertThat(newer.peer(2).connectionsEstablished()).isOne();
	}

	@Test
	void closingFlushesWhatIsQueuedForAConnectedPeer() {
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 0)));
		eventually().until(() -> b.handler().count() == 1);
		List<Message> batch = new ArrayList<>();
		for (int i = 1; i <= 2000; i++) {
			batch.add(TestNodes.message(MessageType.MsgApp, 1, 2, i));
		}
		a.transport().send(batch);
		a.transport().close();
		eventually().untilAsserted(() -> assertThat(b.handler().count()).isEqualTo(2001));
		assertThat(b.handler().messages().subList(1, 2001)).isEqualTo(batch);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 9999)));
		assertThat(a.listener().unreachable).isEmpty();
	}

	@Test
	void aMessageForAnUnknownPeerIsReportedUnreachable() {
		Node a = this.nodes.start(1);
		a.transport().send(5, List.of(TestNodes.heartbeat(1, 9, 1)));
		assertThat(a.listener().unreachable).containsExactly(new RecordingListener.Report(5, 9));
	}

	private static void sendAll(Node sender, Node[] trio) {
		List<Message> batch = new ArrayList<>();
		for (int i = 0; i < PER_PEER; i++) {
			for (Node receiver : trio) {
				if (receiver != sender) {
					batch.add(expectedMessage(sender.id(), receiver.id(), i));
				}
			}
			if (batch.size() >= 64) {
				sender.transport().send(batch);
				batch = new ArrayList<>();
			}
		}
		sender.transport().send(batch);
	}

	private static List<Message> expected(long from, long to) {
		List<Message> messages = new ArrayList<>();
		for (int i = 0; i < PER_PEER; i++) {
			messages.add(expectedMessage(from, to, i));
		}
		return messages;
	}

	private static Message expectedMessage(long from, long to, int i) {
		MessageType type = TYPES.get(i % TYPES.size());
		Message.Builder builder = TestNodes.message(type, from, to, i).toBuilder().setCommit(i / 2);
		if (type == MessageType.MsgApp) {
			builder.addEntries(Entry.newBuilder().setTerm(1).setIndex(i).setData(ByteString.copyFromUtf8("entry-" + i)));
			builder.addEntries(Entry.newBuilder().setTerm(1).setIndex(i + 1L).setData(ByteString.copyFrom(new byte[i % 700])));
		}
		if (type == MessageType.MsgAppResp) {
			builder.setReject(i % 3 == 0).setRejectHint(i);
		}
		if (type == MessageType.MsgReadIndex) {
			builder.setContext(ByteString.copyFromUtf8("ctx-" + i));
		}
		return builder.build();
	}
}
