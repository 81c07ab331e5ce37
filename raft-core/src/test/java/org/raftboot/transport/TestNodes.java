package org.raftboot.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * Transports on 127.0.0.1 with ephemeral ports and short backoffs, closed together at the end of a
 * test; plus message builders.
 */
class TestNodes implements AutoCloseable {

	static final long CLUSTER = 0xC1;

	private final List<Node> nodes = new ArrayList<>();

	/** A started transport for {@code nodeId}, with a recording handler for the default group. */
	Node start(long nodeId) {
		return start(nodeId, UnaryOperator.identity());
	}

	Node start(long nodeId, UnaryOperator<TransportConfig.Builder> customizer) {
		TransportConfig.Builder builder = TransportConfig.builder(CLUSTER, nodeId)
			.bindAddress(new InetSocketAddress("127.0.0.1", 0))
			.reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
			.connectTimeout(Duration.ofSeconds(2))
			.ioThreads(2);
		return start(customizer.apply(builder).build());
	}

	Node start(TransportConfig config) {
		RecordingListener listener = new RecordingListener();
		NettyTransport transport = new NettyTransport(config, listener);
		Node node = new Node(config.nodeId(), transport, listener, new RecordingHandler());
		this.nodes.add(node);
		transport.registerHandler(Transport.DEFAULT_GROUP, node.handler());
		transport.start();
		return node;
	}

	/** Makes every pair of the given nodes peers of each other. */
	static void mesh(Node... nodes) {
		for (Node a : nodes) {
			for (Node b : nodes) {
				if (a != b) {
					a.transport().addPeer(b.id(), b.address());
				}
			}
		}
	}

	/** Awaitility polling every few milliseconds from the start, for conditions that hold quickly. */
	static ConditionFactory eventually() {
		return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(20));
	}

	static Message message(MessageType type, long from, long to, long index) {
		return Message.newBuilder().setType(type).setFrom(from).setTo(to).setTerm(1).setIndex(index).build();
	}

	static Message heartbeat(long from, long to, long index) {
		return message(MessageType.MsgHeartbeat, from, to, index);
	}

	@Override
	public void close() {
		for (Node node : this.nodes) {
			node.transport().close();
		}
	}

	record Node(long id, NettyTransport transport, RecordingListener listener, RecordingHandler handler) {

		InetSocketAddress address() {
			return this.transport.localAddress();
		}

		PeerMetrics peer(long peerId) {
			return this.transport.metrics().peers().get(peerId);
		}
	}
}
