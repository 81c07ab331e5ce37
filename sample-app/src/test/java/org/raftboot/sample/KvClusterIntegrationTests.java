package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end: three sample-app JVMs from the packaged jar, on free ports and real disk, driven over
 * HTTP. Every test starts from a running cluster with an agreed leader (restarting what a previous test
 * stopped) and uses its own keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KvClusterIntegrationTests {

	/** Election timeout is 10 ticks of 50 ms; allow a few of them plus a busy machine's pauses. */
	private static final Duration FAILOVER = Duration.ofSeconds(20);

	private static final Duration REQUEST = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private KvCluster cluster;

	@BeforeAll
	void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path root) throws IOException {
		this.cluster = new KvCluster(root, 3);
		this.cluster.startAll();
	}

	/** Runs even when start-up failed; the shutdown hook in {@link KvNode} covers an aborted JVM. */
	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@BeforeEach
	void everyNodeRunsAndAgreesOnALeader() throws IOException {
		for (KvNode node : this.cluster.nodes()) {
			if (!node.isAlive()) {
				this.cluster.start(node);
			}
		}
		this.cluster.awaitLeader();
	}

	@Test
	void everyNodeServesWritesAndReadsWhatAnyNodeWrote() {
		for (KvNode writer : this.cluster.nodes()) {
			putAcked(writer, "rw-" + writer.id, "from node " + writer.id);
		}
		for (KvNode reader : this.cluster.nodes()) {
			for (KvNode writer : this.cluster.nodes()) {
				assertThat(read(reader, "rw-" + writer.id)).isEqualTo(new KvClient.Response(200, "from node " + writer.id));
			}
			assertThat(read(reader, "rw-absent").status()).isEqualTo(404);
		}
		KvNode first = this.cluster.node(1);
		assertThat(first.client.compareAndSet("rw-1", "wrong", "x").status()).isEqualTo(409);
		assertThat(first.client.compareAndSet("rw-absent", "", "x").status()).isEqualTo(409);
		assertThat(first.client.compareAndSet("rw-1", "from node 1", "swapped").status()).isEqualTo(200);
		assertThat(this.cluster.node(2).client.delete("rw-2").status()).isEqualTo(204);
		KvNode third = this.cluster.node(3);
		assertThat(read(third, "rw-1").body()).isEqualTo("swapped");
		assertThat(read(third, "rw-2").status()).isEqualTo(404);
		await().atMost(REQUEST).until(() -> third.client.getSerializable("rw-1").body().equals("swapped"));
	}

	@Test
	void bodiesAreRawValuesWhateverTheContentTypeAndOversizedOnesAreRefused() {
		KvNode node = this.cluster.node(2);
		assertThat(node.client.putFormEncoded("curl", "a=b&c").status()).isEqualTo(204);
		assertThat(read(node, "curl").body()).isEqualTo("a=b&c");
		assertThat(node.client.compareAndSetFormEncoded("curl", "a=b&c", "d e").status()).isEqualTo(200);
		assertThat(read(node, "curl").body()).isEqualTo("d e");
		KvClient.Response tooLarge = node.client.put("huge", "x".repeat(1024 * 1024 + 1));
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(read(node, "huge").status()).isEqualTo(404);
	}

	/** A few of the fuzzer's requests against the real process, with the default 1 MB value limit. */
	@Test
	void malformedRequestsGetAClear4xxAndTheProcessKeepsServingWithNothingLost() {
		KvNode node = this.cluster.node(3);
		read(node, "fuzz-barrier");
		long seed = HttpFuzzer.seed("process");
		HttpFuzzer fuzzer = new HttpFuzzer(node.httpPort, 1024 * 1024, seed, HttpFuzzer.state(node.httpPort));
		fuzzer.run(40);
		System.out.println("HTTP fuzz (process): 40 probes, answers " + fuzzer.answers());
		assertThat(node.isAlive()).isTrue();
	}

	@Test
	void withoutAQuorumWritesAndLinearizableReadsAnswer503NeverAGuess() {
		KvNode survivor = this.cluster.node(1);
		putAcked(survivor, "quorum", "before");
		this.cluster.node(2).kill();
		this.cluster.node(3).kill();
		KvClient.Response write = survivor.client.put("quorum", "after");
		assertThat(write.status()).isEqualTo(503);
		assertThat(write.body()).isNotBlank();
		assertThat(survivor.client.get("quorum").status()).isEqualTo(503);
		assertThat(survivor.client.compareAndSet("quorum", "before", "cas").status()).isEqualTo(503);
		assertThat(survivor.client.getSerializable("quorum")).isEqualTo(new KvClient.Response(200, "before"));
	}

	@Test
	void writesGoOnAfterTheLeaderIsKilledAndTheRestartedLeaderCatchesUp() throws IOException {
		KvNode leader = this.cluster.awaitLeader();
		putAcked(leader, "failover-before", "1");
		leader.kill();
		KvNode survivor = this.cluster.nodes().stream().filter((node) -> node != leader).findFirst().orElseThrow();
		await("a write through a surviving node").atMost(FAILOVER).pollInterval(Duration.ofMillis(100))
			.until(() -> survivor.client.put("failover-first", "ok").status() == 204);
		for (int i = 0; i < 30; i++) {
			putAcked(survivor, "failover-" + i, "v" + i);
		}
		assertThat(this.cluster.status(survivor).orElseThrow().get("snapshot").asLong())
			.as("a snapshot was taken, so the log stays bounded").isPositive();
		this.cluster.start(leader);
		await("the restarted node caught up").atMost(KvCluster.START_TIMEOUT).pollInterval(Duration.ofMillis(200))
			.until(() -> leader.client.getSerializable("failover-29").body().equals("v29"));
		assertThat(leader.client.getSerializable("failover-before").body()).isEqualTo("1");
		assertThat(leader.client.getSerializable("failover-first").body()).isEqualTo("ok");
	}

	@Test
	void everyAcknowledgedWriteSurvivesARestartOfTheWholeCluster() throws IOException {
		Map<String, String> acknowledged = new LinkedHashMap<>();
		List<KvNode> nodes = this.cluster.nodes();
		for (int i = 0; i < 45; i++) {
			KvNode node = nodes.get(i % nodes.size());
			if (node.client.put("restart-" + i, "r" + i).status() == 204) {
				acknowledged.put("restart-" + i, "r" + i);
			}
		}
		assertThat(acknowledged).isNotEmpty();
		nodes.forEach(KvNode::kill);
		this.cluster.startAll();
		this.cluster.awaitLeader();
		for (KvNode node : nodes) {
			acknowledged.forEach((key, value) -> assertThat(read(node, key)).isEqualTo(new KvClient.Response(200, value)));
		}
	}

	@Test
	void aFourthNodeJoinsAndCatchesUpAndAMemberIsRemoved() throws IOException {
		KvNode first = this.cluster.node(1);
		for (int i = 0; i < 30; i++) {
			putAcked(first, "member-" + i, "m" + i);
		}
		KvNode fourth = this.cluster.newMember(4);
		assertThat(first.client.addMember(4, fourth.peerAddress()).status()).isEqualTo(204);
		fourth.start(this.cluster.peers(), true);
		await("the new member caught up").atMost(KvCluster.START_TIMEOUT).pollInterval(Duration.ofMillis(200))
			.until(() -> fourth.client.getSerializable("member-29").body().equals("m29"));
		assertThat(voters(first)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
		KvClient.Response received = fourth.client.getPath("/actuator/metrics/raft.snapshots?tag=kind:received");
		assertThat(received.status()).isEqualTo(200);
		assertThat(JSON.readTree(received.body()).get("measurements").get(0).get("value").asDouble())
			.as("the log before the join was compacted away: the new member caught up by snapshot")
			.isGreaterThanOrEqualTo(1);
		putAcked(fourth, "member-from-4", "hello");
		assertThat(read(this.cluster.node(2), "member-from-4").body()).isEqualTo("hello");

		assertThat(this.cluster.node(2).client.removeMember(4).status()).isEqualTo(204);
		await().atMost(REQUEST).until(() -> voters(first).equals(List.of(1L, 2L, 3L)));
		this.cluster.forget(fourth);
		putAcked(this.cluster.node(3), "member-after", "removed");
		assertThat(read(first, "member-after").body()).isEqualTo("removed");
	}

	@Test
	void theActuatorShowsRaftHealthMetricsAndPrometheusAndAnyMemberHandsLeadershipOver() {
		KvNode leader = this.cluster.awaitLeader();
		List<KvNode> others = this.cluster.nodes().stream().filter((node) -> node != leader).toList();
		KvNode target = others.get(0);
		KvNode bystander = others.get(1);
		putAcked(bystander, "actuator", "seen");
		KvClient.Response all = bystander.client.all();
		assertThat(all.status()).isEqualTo(200);
		assertThat(JSON.readTree(all.body()).get("actuator").asString()).isEqualTo("seen");

		KvClient.Response health = bystander.client.getPath("/actuator/health/readiness");
		assertThat(health.status()).isEqualTo(200);
		assertThat(JSON.readTree(health.body()).get("components").get("raft").get("status").asString()).isEqualTo("UP");
		KvClient.Response term = bystander.client.getPath("/actuator/metrics/raft.term");
		assertThat(term.status()).isEqualTo(200);
		assertThat(JSON.readTree(term.body()).get("availableTags").toString()).contains("node");
		KvClient.Response prometheus = bystander.client.getPath("/actuator/prometheus");
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("raft_term{node=\"" + bystander.id + "\"}")
			.contains("raft_proposals_seconds_count{node=\"" + bystander.id + "\",result=\"committed\"}");

		KvClient.Response transfer = bystander.client.postJson("/actuator/raft/transfer-leadership",
				"{\"target\": " + target.id + "}");
		assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);
		assertThat(this.cluster.awaitLeader()).isSameAs(target);
	}

	@Test
	void withoutRaftArgumentsTheSampleIsASingleNodeStoreOnTheDefaults(@TempDir Path home) throws IOException {
		KvNode alone = new KvNode(1, KvCluster.freePort(), 0, home);
		try {
			alone.startOnDefaults();
			await("the single-node store answers").atMost(KvCluster.START_TIMEOUT).pollInterval(Duration.ofMillis(200))
				.until(() -> alone.client.put("alone", "yes").status() == 204);
			assertThat(read(alone, "alone")).isEqualTo(new KvClient.Response(200, "yes"));
			JsonNode status = JSON.readTree(alone.client.raftStatus().body());
			assertThat(status.get("leader").asLong()).isEqualTo(1);
			assertThat(status.get("configuration").get("voters").toString()).isEqualTo("[1]");
			assertThat(home.resolve("data").resolve("raft-1")).isDirectory();
		}
		finally {
			alone.kill();
		}
	}

	@Test
	void concurrentCompareAndSetIncrementsThroughDifferentNodesLoseNoIncrement() throws Exception {
		KvNode first = this.cluster.node(1);
		putAcked(first, "counter", "0");
		int clients = 4;
		int incrementsEach = 12;
		AtomicInteger unknown = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				KvNode node = this.cluster.nodes().get(c % 3);
				done.add(pool.submit(() -> increment(node, incrementsEach, unknown)));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		int acknowledged = clients * incrementsEach;
		int total = Integer.parseInt(read(first, "counter").body());
		assertThat(total).isBetween(acknowledged, acknowledged + unknown.get());
	}

	/** Adds {@code times} acknowledged increments; a 503 is an unknown outcome, counted and retried. */
	private void increment(KvNode node, int times, AtomicInteger unknown) {
		int acknowledged = 0;
		while (acknowledged < times) {
			KvClient.Response current = read(node, "counter");
			assertThat(current.status()).isEqualTo(200);
			int value = Integer.parseInt(current.body());
			int status = node.client.compareAndSet("counter", current.body(), Integer.toString(value + 1)).status();
			assertThat(status).isIn(200, 409, 503);
			if (status == 200) {
				acknowledged++;
			}
			else if (status == 503) {
				unknown.incrementAndGet();
			}
		}
	}

	private List<Long> voters(KvNode node) {
		JsonNode status = this.cluster.status(node).orElseThrow();
		List<Long> voters = new ArrayList<>();
		status.get("configuration").get("voters").forEach((voter) -> voters.add(voter.asLong()));
		voters.sort(Long::compare);
		return voters;
	}

	/** Writes until the cluster acknowledges (204); only "unknown" answers (503, unreachable) are retried. */
	private static void putAcked(KvNode node, String key, String value) {
		await("write of " + key + " through " + node).atMost(REQUEST).pollInterval(Duration.ofMillis(100)).until(() -> {
			int status = node.client.put(key, value).status();
			assertThat(status).isIn(204, 503, 0);
			return status == 204;
		});
	}

	/** A linearizable read, retried while the answer is "unknown" (503, unreachable). */
	private static KvClient.Response read(KvNode node, String key) {
		KvClient.Response[] last = new KvClient.Response[1];
		await("read of " + key + " through " + node).atMost(REQUEST).pollInterval(Duration.ofMillis(100)).until(() -> {
			last[0] = node.client.get(key);
			return last[0].status() != 503 && last[0].status() != 0;
		});
		return last[0];
	}

}
