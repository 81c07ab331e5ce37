package org.raftboot.spring.autoconfigure;

import java.net.InetSocketAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PeerAddressesTests {

	@Test
	void peersBecomeSocketAddressesInIdOrderWithBracketedIpv6() {
		RaftProperties properties = properties(2, Map.of(3L, "127.0.0.1:7003", 1L, "[::1]:7001", 2L, " localhost:7002 "));
		Map<Long, InetSocketAddress> peers = PeerAddresses.of(properties);
		assertThat(peers.keySet()).containsExactly(1L, 2L, 3L);
		assertThat(peers.get(1L).getPort()).isEqualTo(7001);
		assertThat(peers.get(1L).getAddress().isLoopbackAddress()).isTrue();
		assertThat(peers.get(2L).getHostString()).isEqualTo("localhost");
	}

	@Test
	void noPeersIsASingleNodeClusterOfItself() {
		assertThat(PeerAddresses.of(properties(5, Map.of()))).isEmpty();
	}

	@Test
	void badIdsAndAddressesAreRefusedWithTheProperty() {
		assertThatExceptionOfType(RaftStartupException.class)
			.isThrownBy(() -> PeerAddresses.of(properties(-1, Map.of())))
			.withMessageContaining("raft.node-id is invalid (-1)");
		assertThatExceptionOfType(RaftStartupException.class)
			.isThrownBy(() -> PeerAddresses.of(properties(1, Map.of(1L, "::1:7001"))))
			.withMessageContaining("an IPv6 host must be in brackets");
		assertThatExceptionOfType(RaftStartupException.class)
			.isThrownBy(() -> PeerAddresses.of(properties(1, Map.of(1L, "host:port"))))
			.withMessageContaining("raft.peers.1 'host:port'")
			.withMessageContaining("the port is not a number");
		assertThatExceptionOfType(RaftStartupException.class)
			.isThrownBy(() -> PeerAddresses.of(properties(1, Map.of(1L, "a:1", 0L, "b:2"))))
			.withMessageContaining("raft.peers.0")
			.withMessageContaining("the id must be greater than 0");
		assertThatExceptionOfType(RaftStartupException.class)
			.isThrownBy(() -> PeerAddresses.of(properties(1, Map.of(1L, ":7001"))))
			.withMessageContaining("expected host:port");
	}

	private static RaftProperties properties(long nodeId, Map<Long, String> peers) {
		RaftProperties properties = new RaftProperties();
		properties.setNodeId(nodeId);
		properties.getPeers().putAll(peers);
		return properties;
	}

}
