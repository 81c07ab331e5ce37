package org.raftboot.spring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PeerKeysTests {

	@Test
	void keysThatBindToTheSameIdAreRefusedNamingBoth() {
		assertThatExceptionOfType(RaftStartupException.class)
			.isThrownBy(() -> PeerKeys.check(environment(Map.of("raft.peers.1", "a:1", "raft.peers.01", "b:2"))))
			.withMessage("raft.peers.01 and raft.peers.1 both name member 1: only one of their addresses would be kept.")
			.satisfies((ex) -> assertThat(ex.action()).contains("raft.peers.1=host:port"));
		assertThatExceptionOfType(RaftStartupException.class)
			.isThrownBy(() -> PeerKeys.check(environment(Map.of("raft.peers.16", "a:1"), Map.of("raft.peers.0x10", "b:2"))))
			.withMessageContaining("raft.peers.0x10 and raft.peers.16 both name member 16");
	}

	@Test
	void theSameKeyInTwoPropertySourcesIsAnOverride() {
		assertThatNoException().isThrownBy(() -> PeerKeys.check(environment(Map.of("raft.peers.1", "a:1", "raft.peers.2",
				"b:2"), Map.of("raft.peers.1", "c:3", "raft.peers[2]", "d:4"))));
	}

	@Test
	void keysThatAreNotNumbersAndOtherPropertiesAreLeftToTheBinder() {
		assertThatNoException().isThrownBy(() -> PeerKeys.check(environment(Map.of("raft.peers.two", "a:1",
				"raft.peers.2", "b:2", "raft.node-id", "2", "raft.peers-extra.2", "c:3"))));
	}

	@SafeVarargs
	private static StandardEnvironment environment(Map<String, Object>... sources) {
		StandardEnvironment environment = new StandardEnvironment();
		for (int i = 0; i < sources.length; i++) {
			environment.getPropertySources().addFirst(new MapPropertySource("source" + i, sources[i]));
		}
		return environment;
	}

}
