package org.raftboot.transport;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

/**
 * A peer's outbound queue, seen through a transport whose only I/O thread is held busy: what waits
 * is written in one batch with one flush, and what does not fit (in messages, or in a frame) is
 * dropped and reported at once.
 */
class NettyTransportQueueTests {

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void closeNodes() {
		this.nodes.close();
	}

	@Test
	void messagesQueuedWhileTheEventLoopIsBusyAreWrittenInOneBatchWithOneFlush() {
		Node a = this.nodes.start(1, (config) -> config.ioThreads(1));
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 0)));
		eventually().until(() -> b.handler().count() == 1);
		long flushes = a.peer(2).flushes();
		List<Message> batch = new ArrayList<>();
		for (int i = 1; i <= 500; i++) {
			batch.add(append(i, 512));
		}
		try (BusyLoop busy = BusyLoop.hold(a, b)) {
			for (Message message : batch) {
				a.transport().send(List.of(message));
			}
			assertThat(a.peer(2).queuedMessages()).isEqualTo(500);
		}
		eventually().untilAsserted(() -> assertThat(b.handler().count()).isEqualTo(501));
		assertThat(b.handler().messages().subList(1, 501)).isEqualTo(batch);
		assertThat(a.peer(2).flushes() - flushes).as("flushes for 500 messages (256 KiB) queued at once").isOne();
		assertThat(a.peer(2).messagesSent()).isEqualTo(501);
		assertThat(a.peer(2).queuedMessages()).isZero();
		assertThat(a.peer(2).queuedBytes()).isZero();
	}

	@Test
	void aQueueFullInMessagesDropsTheRestReportsThePeerAndDeliversWhatItHeld() {
		Node a = this.nodes.start(1, (config) -> config.ioThreads(1).maxQueuedMessages(10));
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 0)));
		eventually().until(() -> b.handler().count() == 1);
		List<Message> batch = new ArrayList<>();
		for (int i = 1; i <= 25; i++) {
			batch.add(TestNodes.heartbeat(1, 2, i));
		}
		try (BusyLoop busy = BusyLoop.hold(a, b)) {
			a.transport().send(batch);
			assertThat(a.peer(2).queuedMessages()).isEqualTo(10);
			assertThat(a.peer(2).messagesDropped()).isEqualTo(15);
			assertThat(a.peer(2).bytesDropped())
				.isEqualTo(batch.subList(10, 25).stream().mapToLong((m) -> Frames.messageFrameSize(m.getSerializedSize())).sum());
			assertThat(a.listener().unreachable).hasSize(15).containsOnly(new RecordingListener.Report(0, 2));
		}
		eventually().untilAsserted(() -> assertThat(b.handler().count()).isEqualTo(11));
		assertThat(b.handler().messages().subList(1, 11)).isEqualTo(batch.subList(0, 10));
	}

	@Test
	void aMessageLargerThanTheMaximumFrameIsDroppedAndReportedAndTheNextOneArrives() {
		Node a = this.nodes.start(1, (config) -> config.maxFrameSize(64 * 1024).maxQueuedBytes(1024 * 1024)
			.snapshotChunkSize(32 * 1024));
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		Message tooLarge = append(1, 64 * 1024);
		a.transport().send(List.of(tooLarge, TestNodes.heartbeat(1, 2, 2)));
		assertThat(a.listener().unreachable).containsExactly(new RecordingListener.Report(0, 2));
		assertThat(a.peer(2).messagesDropped()).isOne();
		assertThat(a.peer(2).bytesDropped()).isEqualTo(Frames.messageFrameSize(tooLarge.getSerializedSize()));
		eventually().untilAsserted(() -> assertThat(b.handler().messages()).containsExactly(TestNodes.heartbeat(1, 2, 2)));
	}

	private static Message append(long index, int size) {
		return TestNodes.message(MessageType.MsgApp, 1, 2, index)
			.toBuilder()
			.addEntries(Entry.newBuilder().setIndex(index + 1).setTerm(1).setData(ByteString.copyFrom(new byte[size])))
			.build();
	}
}
