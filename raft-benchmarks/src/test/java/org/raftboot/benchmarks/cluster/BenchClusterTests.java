package org.raftboot.benchmarks.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BenchClusterTests {

	@TempDir
	Path first;

	@TempDir
	Path second;

	@Test
	void eachMembersDataGoesUnderItsOwnParentAndIsRemovedOnClose() throws Exception {
		try (BenchCluster cluster = BenchCluster.start(List.of(this.first, this.second, this.second), false, 0)) {
			cluster.awaitLeader(Duration.ofSeconds(30));

			assertThat(cluster.roots()).hasSize(2);
			assertThat(membersUnder(this.first)).containsExactly("node-1");
			assertThat(membersUnder(this.second)).containsExactly("node-2", "node-3");
		}
		assertThat(this.first).isEmptyDirectory();
		assertThat(this.second).isEmptyDirectory();
	}

	/** The members' data directories in the cluster's root under {@code parent}. */
	private static List<String> membersUnder(Path parent) throws Exception {
		try (Stream<Path> roots = Files.list(parent)) {
			Path root = roots.filter((p) -> p.getFileName().toString().startsWith("raftboot-cluster")).findFirst().orElseThrow();
			try (Stream<Path> members = Files.list(root)) {
				return members.map((p) -> p.getFileName().toString()).filter((n) -> n.startsWith("node-")).sorted().toList();
			}
		}
	}
}
