package org.raftboot.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.Peer;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.Message;

import static org.awaitility.Awaitility.await;

/**
 * Nodes with memory storages in one JVM, each driven by a {@link NodeDriver}, their messages
 * routed in memory. A stopped node is gone from the network.
 */
final class InMemoryCluster implements AutoCloseable {

	private final Map<Long, Node> nodes = new ConcurrentHashMap<>();

	private final Map<Long, NodeDriver> drivers = new ConcurrentHashMap<>();

	InMemoryCluster(int size, RecordingLogger logger) {
		List<Peer> peers = new ArrayList<>();
		for (long id = 1; id <= size; id++) {
			peers.add(new Peer(id));
		}
		for (Peer peer : peers) {
			MemoryStorage storage = new MemoryStorage();
			Node node = Node.start(NodeFixtures.config(peer.id(), storage, logger).setPreVote(true).setCheckQuorum(true),
					peers);
			this.nodes.put(peer.id(), node);
			this.drivers.put(peer.id(), new NodeDriver(node, storage, this::route, Duration.ofMillis(10)));
		}
	}

	private void route(Message m) {
		Node to = this.nodes.get(m.getTo());
		if (to != null) {
			to.step(m);
		}
	}

	Node node(long id) {
		return this.nodes.get(id);
	}

	Set<Long> live() {
		return Set.copyOf(this.nodes.keySet());
	}

	NodeDriver driver(long id) {
		return this.drivers.get(id);
	}

	/** Waits until one live node leads and every live node follows it; returns its id. */
	long awaitLeader() {
		long[] leader = new long[1];
		await().atMost(NodeFixtures.PATIENCE).until(() -> {
			List<Status> statuses = new ArrayList<>();
			for (Node node : this.nodes.values()) {
				statuses.add(node.status().get(1, TimeUnit.SECONDS));
			}
			long lead = statuses.get(0).lead();
			boolean agreed = lead != RaftConstants.NONE && statuses.stream().allMatch((s) -> s.lead() == lead)
					&& statuses.stream().anyMatch((s) -> s.id() == lead && s.raftState() == StateType.StateLeader);
			leader[0] = lead;
			return agreed;
		});
		return leader[0];
	}

	/** Stops a node: it leaves the network first, then its loop and driver end. */
	void stop(long id) throws Exception {
		Node node = this.nodes.remove(id);
		node.stop();
		this.drivers.remove(id).close();
	}

	@Override
	public void close() throws Exception {
		for (long id : live()) {
			stop(id);
		}
	}

}
