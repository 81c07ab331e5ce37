package org.raftboot.sample;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sample-app processes forming one cluster on free local ports, each with a storage directory under
 * one temporary directory. Closing it kills every process it started.
 */
final class KvCluster implements AutoCloseable {

	/** Generous: the build machine may be busy, and a JVM takes seconds to start. */
	static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path root;

	private final Map<Long, KvNode> nodes = new LinkedHashMap<>();

	KvCluster(Path root, int size) {
		this.root = root;
		for (long id = 1; id <= size; id++) {
			this.nodes.put(id, newNode(id));
		}
	}

	KvNode node(long id) {
		return this.nodes.get(id);
	}

	List<KvNode> nodes() {
		return List.copyOf(this.nodes.values());
	}

	/** The initial members' peer addresses, as every node is started with. */
	Map<Long, String> peers() {
		Map<Long, String> peers = new LinkedHashMap<>();
		this.nodes.forEach((id, node) -> peers.put(id, node.peerAddress()));
		return peers;
	}

	void startAll() throws IOException {
		for (KvNode node : this.nodes.values()) {
			start(node);
		}
	}

	void start(KvNode node) throws IOException {
		node.start(peers(), false);
	}

	/** Prepares (does not start) a node that will join with the given id. */
	KvNode newMember(long id) {
		KvNode node = newNode(id);
		this.nodes.put(id, node);
		return node;
	}

	void forget(KvNode node) {
		node.kill();
		this.nodes.remove(node.id);
	}

	/** Waits until every running node names the same leader, and returns it. */
	KvNode awaitLeader() {
		long[] leader = new long[1];
		await("a leader every running node agrees on").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
			.until(() -> {
				Optional<Long> agreed = agreedLeader();
				agreed.ifPresent((id) -> leader[0] = id);
				return agreed.isPresent();
			});
		return this.nodes.get(leader[0]);
	}

	/** What a node's {@code /actuator/raft} says, or empty when it cannot be reached. */
	Optional<JsonNode> status(KvNode node) {
		KvClient.Response response = node.client.raftStatus();
		return (response.status() == 200) ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
	}

	private Optional<Long> agreedLeader() {
		List<Long> leaders = new ArrayList<>();
		for (KvNode node : this.nodes.values()) {
			if (node.isAlive()) {
				Optional<JsonNode> status = status(node);
				if (status.isEmpty()) {
					return Optional.empty();
				}
				leaders.add(status.get().get("leader").asLong());
			}
		}
		long first = leaders.isEmpty() ? 0 : leaders.get(0);
		boolean agreed = first != 0 && this.nodes.containsKey(first) && this.nodes.get(first).isAlive()
				&& leaders.stream().allMatch((id) -> id == first);
		return agreed ? Optional.of(first) : Optional.empty();
	}

	private KvNode newNode(long id) {
		try {
			Path dir = Files.createDirectories(this.root.resolve("n" + id));
			return new KvNode(id, freePort(), freePort(), dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.nodes.values().forEach(KvNode::kill);
	}

}
