package org.raftboot.spring.autoconfigure;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.ReadOnlyOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RaftPropertiesTests {

	@Test
	void defaultsFollowEtcd() {
		RaftProperties properties = new RaftProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getTickInterval()).isEqualTo(Duration.ofMillis(100));
		assertThat(properties.getElectionTick()).isEqualTo(10);
		assertThat(properties.getHeartbeatTick()).isEqualTo(1);
		assertThat(properties.isPreVote()).isTrue();
		assertThat(properties.isCheckQuorum()).isTrue();
		assertThat(properties.getReadOnlyOption()).isEqualTo(ReadOnlyOption.SAFE);
		assertThat(properties.getMaxSizePerMsg()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(properties.getMaxInflightMsgs()).isEqualTo(256);
		assertThat(properties.getMaxUncommittedEntriesSize().toBytes()).isZero();
		assertThat(properties.getStorage().isFsync()).isTrue();
		assertThat(properties.getSnapshot().getEntries()).isEqualTo(100_000);
	}

	@Test
	void theIssuesYamlBindsInSpringsUsualForms() {
		Map<String, String> yaml = Map.ofEntries(Map.entry("raft.enabled", "true"), Map.entry("raft.node-id", "1"),
				Map.entry("raft.cluster-id", "7"), Map.entry("raft.peers.1", "127.0.0.1:7001"),
				Map.entry("raft.peers.2", "127.0.0.1:7002"), Map.entry("raft.peers.3", "127.0.0.1:7003"),
				Map.entry("raft.join", "false"), Map.entry("raft.transport.bind-address", "0.0.0.0"),
				Map.entry("raft.transport.port", "7001"), Map.entry("raft.transport.max-frame-size", "16MB"),
				Map.entry("raft.transport.tls.enabled", "true"),
				Map.entry("raft.transport.tls.certificate-chain", "certs/node.pem"),
				Map.entry("raft.storage.dir", "./data/raft-1"), Map.entry("raft.storage.fsync", "false"),
				Map.entry("raft.storage.segment-size", "64MB"), Map.entry("raft.tick-interval", "100ms"),
				Map.entry("raft.election-tick", "10"), Map.entry("raft.heartbeat-tick", "1"),
				Map.entry("raft.pre-vote", "true"), Map.entry("raft.check-quorum", "true"),
				Map.entry("raft.read-only-option", "lease-based"), Map.entry("raft.max-size-per-msg", "1MB"),
				Map.entry("raft.max-inflight-msgs", "256"), Map.entry("raft.max-uncommitted-entries-size", "0"),
				Map.entry("raft.snapshot.entries", "10000"), Map.entry("raft.snapshot.catch-up-entries", "5000"),
				Map.entry("raft.health.max-applied-lag", "50"));
		RaftProperties properties = new Binder(new MapConfigurationPropertySource(yaml)).bind("raft", RaftProperties.class)
			.get();
		assertThat(properties.getNodeId()).isEqualTo(1);
		assertThat(properties.getClusterId()).isEqualTo(7);
		assertThat(properties.getPeers()).containsExactlyInAnyOrderEntriesOf(
				Map.of(1L, "127.0.0.1:7001", 2L, "127.0.0.1:7002", 3L, "127.0.0.1:7003"));
		assertThat(properties.getTransport().getPort()).isEqualTo(7001);
		assertThat(properties.getTransport().getMaxFrameSize()).isEqualTo(DataSize.ofMegabytes(16));
		assertThat(properties.getTransport().getTls().isEnabled()).isTrue();
		assertThat(properties.getTransport().getTls().getCertificateChain()).isEqualTo(Path.of("certs/node.pem"));
		assertThat(properties.getStorage().getDir()).isEqualTo(Path.of("data/raft-1"));
		assertThat(properties.getStorage().isFsync()).isFalse();
		assertThat(properties.getStorage().getSegmentSize()).isEqualTo(DataSize.ofMegabytes(64));
		assertThat(properties.getReadOnlyOption()).isEqualTo(ReadOnlyOption.LEASE_BASED);
		assertThat(properties.getSnapshot().getCatchUpEntries()).isEqualTo(5000);
		assertThat(properties.getHealth().getMaxAppliedLag()).isEqualTo(50);
	}

	@Test
	void theIssuesYamlBlockBindsFromAnApplicationYml() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("raft-issue-example",
				new ClassPathResource("raft-issue-example.yml"))) {
			environment.getPropertySources().addFirst(source);
		}
		RaftProperties properties = Binder.get(environment).bind("raft", RaftProperties.class).get();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getNodeId()).isEqualTo(2);
		assertThat(properties.getClusterId()).isEqualTo(9);
		assertThat(properties.getPeers()).containsExactly(Map.entry(1L, "127.0.0.1:7001"), Map.entry(2L, "127.0.0.1:7002"),
				Map.entry(3L, "127.0.0.1:7003"));
		assertThat(properties.isJoin()).isTrue();
		RaftProperties.Transport transport = properties.getTransport();
		assertThat(transport.getBindAddress()).isEqualTo("127.0.0.1");
		assertThat(transport.getPort()).isEqualTo(7002);
		assertThat(transport.getMaxFrameSize().toBytes()).isEqualTo(16L * 1024 * 1024);
		RaftProperties.Tls tls = transport.getTls();
		assertThat(tls.isEnabled()).isTrue();
		assertThat(tls.getCertificateChain()).isEqualTo(Path.of("node.pem"));
		assertThat(tls.getPrivateKey()).isEqualTo(Path.of("node.key"));
		assertThat(tls.getTrustedCertificates()).isEqualTo(Path.of("ca.pem"));
		assertThat(tls.isHostnameVerification()).isFalse();
		assertThat(properties.getStorage().getDir()).isEqualTo(Path.of("data/raft-2"));
		assertThat(properties.getStorage().isFsync()).isFalse();
		assertThat(properties.getStorage().getSegmentSize()).isEqualTo(DataSize.ofMegabytes(32));
		assertThat(properties.getTickInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.getElectionTick()).isEqualTo(12);
		assertThat(properties.getHeartbeatTick()).isEqualTo(2);
		assertThat(properties.isPreVote()).isFalse();
		assertThat(properties.isCheckQuorum()).isFalse();
		assertThat(properties.getReadOnlyOption()).isEqualTo(ReadOnlyOption.LEASE_BASED);
		assertThat(properties.getMaxSizePerMsg()).isEqualTo(DataSize.ofKilobytes(512));
		assertThat(properties.getMaxInflightMsgs()).isEqualTo(128);
		assertThat(properties.getMaxUncommittedEntriesSize()).isEqualTo(DataSize.ofMegabytes(64));
		assertThat(properties.getMaxInflightBytes()).isEqualTo(DataSize.ofMegabytes(8));
		assertThat(properties.getMaxCommittedSizePerReady()).isEqualTo(DataSize.ofMegabytes(2));
		assertThat(properties.isDisableProposalForwarding()).isTrue();
		assertThat(properties.getRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.getSnapshot().getEntries()).isEqualTo(20_000);
		assertThat(properties.getSnapshot().getCatchUpEntries()).isEqualTo(500);
		assertThat(properties.getHealth().getMaxAppliedLag()).isEqualTo(50);
	}

	@Test
	void everyRaftKeyIsDocumentedInTheGeneratedMetadata() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			metadata = JsonMapper.builder().build().readTree(in);
		}
		List<JsonNode> raftKeys = metadata.get("properties")
			.valueStream()
			.filter((p) -> p.get("name").asString().startsWith("raft."))
			.toList();
		assertThat(raftKeys).extracting((p) -> p.get("name").asString())
			.contains("raft.enabled", "raft.node-id", "raft.cluster-id", "raft.peers", "raft.join",
					"raft.transport.bind-address", "raft.transport.port", "raft.transport.max-frame-size",
					"raft.transport.tls.enabled", "raft.storage.dir", "raft.storage.fsync", "raft.storage.segment-size",
					"raft.tick-interval", "raft.election-tick", "raft.heartbeat-tick", "raft.pre-vote", "raft.check-quorum",
					"raft.read-only-option", "raft.max-size-per-msg", "raft.max-inflight-msgs",
					"raft.max-uncommitted-entries-size", "raft.max-inflight-bytes", "raft.max-committed-size-per-ready",
					"raft.disable-proposal-forwarding", "raft.request-timeout", "raft.snapshot.entries",
					"raft.snapshot.catch-up-entries", "raft.health.max-applied-lag", "raft.transport.tls.certificate-chain",
					"raft.transport.tls.private-key", "raft.transport.tls.trusted-certificates",
					"raft.transport.tls.hostname-verification");
		assertThat(raftKeys).allSatisfy((p) -> assertThat(p.path("description").asString())
			.as(p.get("name").asString()).isNotBlank().doesNotStartWith("The "));
		assertThat(metadata.get("properties").valueStream().map((p) -> p.get("name").asString()))
			.contains("management.health.raft.enabled");
		Map<String, String> defaults = Map.of("raft.tick-interval", "100ms", "raft.transport.max-frame-size", "16MB",
				"raft.storage.segment-size", "64MB", "raft.max-size-per-msg", "1MB", "raft.request-timeout", "10s",
				"raft.read-only-option", "safe", "raft.election-tick", "10", "raft.max-inflight-msgs", "256",
				"raft.snapshot.entries", "100000", "raft.enabled", "true");
		defaults.forEach((name, value) -> assertThat(raftKeys.stream()
			.filter((p) -> p.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow()
			.get("defaultValue")
			.asString()).as(name).isEqualTo(value));
		assertThat(metadata.get("hints").valueStream().map((h) -> h.get("name").asString()))
			.contains("raft.read-only-option");
	}

}
