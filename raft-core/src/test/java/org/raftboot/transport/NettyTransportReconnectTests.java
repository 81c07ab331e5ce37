package org.raftboot.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

class NettyTransportReconnectTests {

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void closeNodes() {
		this.nodes.close();
	}

	@Test
	void messagesResumeAfterAPeerComesBackAndTheOutageWasReportedUnreachable() {
		Node a = this.nodes.start(1);
		Node back = restartAfterAnOutage(a, this.nodes.start(2), () -> {
			assertThat(a.listener().unreachable).contains(new RecordingListener.Report(0, 2));
			assertThat(a.peer(2).messagesDropped()).isPositive();
		});
		eventually().untilAsserted(() -> {
			a.transport().send(List.of(TestNodes.heartbeat(1, 2, 2)));
			assertThat(back.handler().count()).isPositive();
		});
		List<Message> batch = new ArrayList<>();
		for (int i = 100; i < 600; i++) {
			batch.add(TestNodes.heartbeat(1, 2, i));
		}
		a.transport().send(batch);
		eventually().untilAsserted(() -> assertThat(back.handler().messages()).endsWith(batch.toArray(Message[]::new)));
		assertThat(a.peer(2).connectionsEstablished()).isEqualTo(2);
		assertThat(a.peer(2).connectionState()).isEqualTo(ConnectionState.CONNECTED);
	}

	@Test
	void updatingAPeerAddressMovesItsTrafficToTheNewAddress() {
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 0)));
		eventually().until(() -> b.handler().count() == 1);
		Node moved = this.nodes.start(2);
		moved.transport().addPeer(1, a.address());

		a.transport().updatePeer(2, moved.address());
		eventually().untilAsserted(() -> {
			a.transport().send(List.of(TestNodes.heartbeat(1, 2, 1)));
			assertThat(moved.handler().count()).isPositive();
		});
		assertThat(b.handler().count()).isOne();
		assertThat(a.listener().unreachable).as("what the old connection had not written is lost")
			.contains(new RecordingListener.Report(0, 2));
	}

	@Test
	void aRemovedPeerGetsNothingMoreAndMayNoLongerConnect() {
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		a.transport().removePeer(2);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 0)));
		assertThat(a.listener().unreachable).containsExactly(new RecordingListener.Report(0, 2));
		assertThat(a.transport().metrics().peers()).doesNotContainKey(2L);

		b.transport().send(List.of(TestNodes.heartbeat(2, 1, 0)));
		eventually().until(() -> a.transport().metrics().rejectedConnections(RejectReason.UNKNOWN_SENDER) == 1);
		assertThat(a.handler().count()).isZero();
	}

	/**
	 * A peer that comes back and connects to this node is dialled at once, not after the rest of this
	 * node's backoff from its outage (a minute here, longer than the test waits).
	 */
	@Test
	void aPeerThatConnectsInEndsTheBackoffFromItsOutage() {
		Duration minute = Duration.ofMinutes(1);
		Node a = this.nodes.start(1, (config) -> config.reconnectBackoff(minute, minute));
		Node back = restartAfterAnOutage(a, this.nodes.start(2),
				() -> assertThat(a.peer(2).connectionState()).isEqualTo(ConnectionState.BACKING_OFF));
		back.transport().send(List.of(TestNodes.heartbeat(2, 1, 0)));
		eventually().untilAsserted(() -> {
			a.transport().send(List.of(TestNodes.heartbeat(1, 2, 2)));
			assertThat(back.handler().count()).isPositive();
		});
		assertThat(a.peer(2).connectionState()).isEqualTo(ConnectionState.CONNECTED);
	}

	/**
	 * Meshes node 1 ({@code a}) with node 2 ({@code b}), stops {@code b} once it has a message, keeps
	 * sending until {@code outageSeen} holds, and starts node 2 again at the same address, knowing
	 * {@code a}: the node that came back.
	 */
	private Node restartAfterAnOutage(Node a, Node b, Runnable outageSeen) {
		TestNodes.mesh(a, b);
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 0)));
		eventually().until(() -> b.handler().count() == 1);
		InetSocketAddress address = b.address();
		b.transport().close();
		eventually().untilAsserted(() -> {
			a.transport().send(List.of(TestNodes.heartbeat(1, 2, 1)));
			outageSeen.run();
		});
		Node back = this.nodes.start(2, (config) -> config.bindAddress(address));
		back.transport().addPeer(1, a.address());
		return back;
	}

	/**
	 * A peer that accepts the connection, then drops it at once (here it does not know this node) is
	 * dialled with a growing backoff, as one that cannot be reached, not at the shortest one for ever.
	 */
	@Test
	void aPeerThatDropsEachConnectionAtOnceIsDialledWithAGrowingBackoff() {
		Node a = this.nodes.start(1, (config) -> config.reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
		Node b = this.nodes.start(2);
		a.transport().addPeer(2, b.address());
		long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		for (int i = 1; System.nanoTime() < end; i++) {
			a.transport().send(List.of(TestNodes.heartbeat(1, 2, i)));
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
		// 50, 100, 200, 400, then 500 ms apart: about 7 in 2 s, against about 40 at 50 ms each.
		assertThat(a.peer(2).connectionsEstablished()).isBetween(2L, 15L);
		assertThat(b.transport().metrics().rejectedConnections(RejectReason.UNKNOWN_SENDER)).isPositive();
	}

	@Test
	void aFullQueueDropsNewMessagesReportsThePeerAndNeverBlocks() throws IOException {
		long queueLimit = 2L * 1024 * 1024;
		try (ServerSocket stalled = new ServerSocket()) {
			stalled.setReceiveBufferSize(4096);
			stalled.bind(new InetSocketAddress("127.0.0.1", 0));
			Node a = this.nodes.start(1, (config) -> config.maxQueuedBytes(queueLimit)
				.maxFrameSize(1024 * 1024)
				.snapshotChunkSize(512 * 1024));
			a.transport().addPeer(2, (InetSocketAddress) stalled.getLocalSocketAddress());
			Message big = TestNodes.message(MessageType.MsgApp, 1, 2, 1)
				.toBuilder()
				.addEntries(Entry.newBuilder().setData(ByteString.copyFrom(new byte[64 * 1024])))
				.build();
			try (Socket accepted = acceptLater(stalled)) {
				eventually().untilAsserted(() -> {
					a.transport().send(List.of(big, big, big, big));
					assertThat(a.peer(2).queuedBytes()).isLessThanOrEqualTo(queueLimit);
					assertThat(a.peer(2).messagesDropped()).isPositive();
				});
			}
			assertThat(a.listener().unreachable).contains(new RecordingListener.Report(0, 2));
			assertThat(a.peer(2).connectionState()).isIn(ConnectionState.CONNECTED, ConnectionState.BACKING_OFF);
		}
	}

	/** Accepts the transport's connection once it arrives, and never reads from it. */
	private static Socket acceptLater(ServerSocket server) {
		Socket[] accepted = new Socket[1];
		Thread acceptor = new Thread(() -> {
			try {
				accepted[0] = server.accept();
			}
			catch (IOException ex) {
				// the test is over
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		return new Socket() {
			@Override
			public synchronized void close() throws IOException {
				if (accepted[0] != null) {
					accepted[0].close();
				}
				super.close();
			}
		};
	}
}
