package org.raftboot.spring.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.raftboot.raft.StateType;
import org.raftboot.server.Applied;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.spring.event.RaftCommittedEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Spring Boot applications in one JVM, on ephemeral ports, form a cluster through the starter
 * alone; proposals made through the facade reach every node's listeners in log order; the actuator
 * shows it over HTTP, where leadership can be handed over (role events follow); the cluster carries on
 * when the leader's context closes, and removing that member is seen as a configuration change.
 */
class ThreeNodeClusterTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private final Map<Long, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void closeAll() {
		this.nodes.values().forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void clusterReplicatesInOrderShowsItselfOverHttpAndSurvivesTheLeaderLeaving() throws Exception {
		List<String> peers = new ArrayList<>();
		for (long id = 1; id <= 3; id++) {
			peers.add("--raft.peers." + id + "=127.0.0.1:" + freePort());
		}
		for (long id = 1; id <= 3; id++) {
			this.nodes.put(id, start(id, peers));
		}
		long leader = awaitOneLeader(this.nodes.keySet());

		List<String> proposed = new ArrayList<>();
		long lastIndex = 0;
		for (int i = 0; i < 30; i++) {
			long via = 1 + (i % 3);
			String command = "cmd-" + i;
			Applied applied = template(via).propose(command.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			assertThat(applied.result()).isEqualTo("applied " + command + " at " + applied.index());
			proposed.add(command);
			lastIndex = applied.index();
		}
		for (long id : this.nodes.keySet()) {
			awaitCommitted(id, proposed);
			// A read barrier, on followers too, covers everything committed before it.
			assertThat(template(id).readBarrier().get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(lastIndex);
		}

		for (long id : this.nodes.keySet()) {
			JsonNode raft = get(id, "/actuator/raft");
			assertThat(raft.get("id").asLong()).isEqualTo(id);
			assertThat(raft.get("leader").asLong()).isEqualTo(leader);
			assertThat(raft.get("state").asString()).isEqualTo((id == leader) ? "StateLeader" : "StateFollower");
			assertThat(raft.get("configuration").get("voters").valueStream().map(JsonNode::asLong)).containsExactly(1L, 2L,
					3L);
			assertThat(raft.get("applied").asLong()).isPositive();
			assertThat(raft.propertyNames()).containsExactlyInAnyOrder("id", "term", "vote", "commit", "applied", "snapshot",
					"leader", "state", "leadTransferee", "configuration", "progress", "peers");
			assertThat(raft.get("peers").propertyNames()).hasSize(2);
			for (String peer : raft.get("peers").propertyNames()) {
				// Connections open on the first message: two followers may never have talked.
				if (id == leader || Long.parseLong(peer) == leader) {
					assertThat(raft.get("peers").get(peer).get("connection").asString()).as("%d to %s", id, peer)
						.isEqualTo("CONNECTED");
				}
			}
			assertThat(raft.get("progress").propertyNames()).hasSize((id == leader) ? 3 : 0);
			raft.get("progress").forEach((progress) -> assertThat(progress.propertyNames()).containsExactlyInAnyOrder("match",
					"next", "state", "paused", "pendingSnapshot", "recentActive", "learner", "inflight"));
			MeterRegistry meters = this.nodes.get(id).getBean(MeterRegistry.class);
			String self = Long.toString(id);
			assertThat(meters.get("raft.proposals").tag("node", self).tag("result", "committed").timer().count())
				.isEqualTo(10);
			assertThat(meters.get("raft.proposals").tag("result", "committed").timer().getId().getBaseUnit())
				.isEqualTo("seconds");
			assertThat(meters.get("raft.storage.persist").tag("node", self).timer().count()).isPositive();
			for (long peer : this.nodes.keySet()) {
				// Followers talk to the leader, not to each other.
				if (peer != id && (id == leader || peer == leader)) {
					FunctionCounter sent = meters.get("raft.transport.bytes")
						.tags("node", self, "peer", Long.toString(peer), "direction", "sent", "outcome", "ok")
						.functionCounter();
					assertThat(sent.count()).isPositive();
					assertThat(sent.getId().getBaseUnit()).isEqualTo("bytes");
					assertThat(meters.get("raft.transport.messages")
						.tags("node", self, "peer", Long.toString(peer), "direction", "received", "outcome", "ok")
						.functionCounter()
						.count()).isPositive();
				}
			}
			JsonNode health = get(id, "/actuator/health");
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.get("components").get("raft").get("details").get("leader").asLong()).isEqualTo(leader);
			JsonNode readiness = get(id, "/actuator/health/readiness");
			assertThat(readiness.get("components").has("raft")).isTrue();
			JsonNode liveness = get(id, "/actuator/health/liveness");
			assertThat(liveness.path("components").has("raft")).isFalse();
		}

		// Asked of the member that neither leads nor is the target: raft forwards the request to the leader.
		long follower = (leader % 3) + 1;
		long bystander = (follower % 3) + 1;
		JsonNode transferred = post(bystander, "/actuator/raft/transfer-leadership", "{\"target\": " + follower + "}");
		assertThat(transferred.get("leader").asLong()).isEqualTo(follower);
		long previous = leader;
		leader = awaitOneLeader(this.nodes.keySet());
		assertThat(leader).isEqualTo(follower);
		await().atMost(PATIENCE).until(() -> recorder(follower).roles.stream()
			.anyMatch((event) -> event.newRole() == StateType.StateLeader));
		await().atMost(PATIENCE).until(() -> recorder(previous).roles.stream()
			.anyMatch((event) -> event.oldRole() == StateType.StateLeader && event.newRole() == StateType.StateFollower));

		this.nodes.remove(leader).close();
		long newLeader = awaitOneLeader(this.nodes.keySet());
		assertThat(newLeader).isNotEqualTo(leader);
		for (long id : this.nodes.keySet()) {
			String command = "after-" + id;
			template(id).propose(command.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			proposed.add(command);
		}
		for (long id : this.nodes.keySet()) {
			awaitCommitted(id, proposed);
		}
		// Every member's last leader event names the same live member (a busy machine may elect more than once).
		await().atMost(PATIENCE).until(() -> this.nodes.keySet()
			.stream()
			.map((id) -> recorder(id).leaders.get(recorder(id).leaders.size() - 1).newLeader())
			.distinct()
			.toList(), (leaders) -> leaders.size() == 1 && this.nodes.containsKey(leaders.get(0)));

		Applied removal = template(newLeader).removeMember(leader).get(10, TimeUnit.SECONDS);
		for (long id : this.nodes.keySet()) {
			await().atMost(PATIENCE).until(() -> recorder(id).confChanges.stream()
				.anyMatch((event) -> event.index() == removal.index() && event.term() == removal.term()
						&& event.voters().equals(this.nodes.keySet())));
		}
	}

	private ConfigurableApplicationContext start(long id, List<String> peers) {
		List<String> args = new ArrayList<>(peers);
		args.addAll(List.of("--server.port=0", "--spring.main.banner-mode=off", "--raft.node-id=" + id,
				"--raft.storage.dir=" + this.dir.resolve("n" + id), "--raft.storage.fsync=false",
				"--raft.tick-interval=20ms", "--raft.request-timeout=5s", "--raft.transport.bind-address=127.0.0.1",
				"--management.endpoints.web.exposure.include=health,raft",
				"--management.endpoint.health.show-details=always",
				"--management.endpoint.health.probes.enabled=true", "--management.endpoint.raft.access=unrestricted", "--logging.level.org.raftboot=warn"));
		return new SpringApplicationBuilder(ClusterApplication.class).run(args.toArray(String[]::new));
	}

	private long awaitOneLeader(Iterable<Long> ids) {
		long[] leader = new long[1];
		await().atMost(PATIENCE).until(() -> {
			long seen = 0;
			for (long id : ids) {
				long lead = template(id).leaderId();
				if (lead == 0 || (seen != 0 && lead != seen)) {
					return false;
				}
				seen = lead;
			}
			leader[0] = seen;
			return this.nodes.containsKey(seen) && template(seen).isLeader();
		});
		return leader[0];
	}

	/** Every proposal arrived exactly once, in proposal order, with strictly increasing indexes. */
	private void awaitCommitted(long id, List<String> proposed) {
		List<RaftCommittedEvent> committed = recorder(id).committed;
		await().atMost(PATIENCE).until(() -> committed.size() >= proposed.size());
		assertThat(committed).extracting(RaftCommittedEvent::dataAsString).containsExactlyElementsOf(proposed);
		assertThat(committed).extracting(RaftCommittedEvent::index).isSorted().doesNotHaveDuplicates();
	}

	private JsonNode get(long id, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(id, path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " on node " + id).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private JsonNode post(long id, String path, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(id, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + " on node " + id).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private URI uri(long id, String path) {
		return URI.create("http://127.0.0.1:" + this.nodes.get(id).getEnvironment().getProperty("local.server.port") + path);
	}

	private RaftTemplate template(long id) {
		return this.nodes.get(id).getBean(RaftTemplate.class);
	}

	private ClusterApplication.Recorder recorder(long id) {
		return this.nodes.get(id).getBean(ClusterApplication.Recorder.class);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
