package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTests {

	@TempDir
	Path dir;

	@Test
	void aRestartedMemberCatchesUpWithoutLosingOrRepeatingAcknowledgedEntries() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			List<String> acknowledged = new ArrayList<>();
			proposeAll(cluster.awaitLeader(), "a", 30, acknowledged);
			cluster.stop(3);
			proposeAll(cluster.awaitLeader(), "b", 30, acknowledged);
			cluster.restart(3);
			proposeAll(cluster.awaitLeader(), "c", 30, acknowledged);
			awaitApplied(cluster, acknowledged);
		}
	}

	@Test
	void aWholeClusterRestartKeepsEveryAcknowledgedEntryAndServesNewProposals() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			List<String> acknowledged = new ArrayList<>();
			proposeAll(cluster.awaitLeader(), "before", 50, acknowledged);
			for (long id = 1; id <= 3; id++) {
				cluster.stop(id);
			}
			for (long id = 1; id <= 3; id++) {
				cluster.restart(id);
			}
			proposeAll(cluster.awaitLeader(), "after", 10, acknowledged);
			awaitApplied(cluster, acknowledged);
		}
	}

	@Test
	void aMemberThatWasDownCatchesUpBySnapshotOnceTheLogIsCompacted() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, (b) -> b.snapshot(20, 5))) {
			List<String> acknowledged = new ArrayList<>();
			proposeAll(cluster.awaitLeader(), "a", 10, acknowledged);
			cluster.stop(3);
			RaftServer leader = cluster.awaitLeader();
			proposeAll(leader, "b", 100, acknowledged);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> leader.status().join().snapshotIndex() > 40);
			cluster.restart(3);
			awaitApplied(cluster, acknowledged);
			assertThat(cluster.member(3).stateMachine.restores()).isPositive();
			assertThat(cluster.server(3).snapshotsReceived()).isPositive();
			assertThat(leader.snapshotsReceived()).isZero();
			assertThat(leader.snapshotsTaken()).isPositive();
			// The data went from the received file into the storage's snapshot file, which then was deleted.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receivedFiles()).isEmpty());
		}
	}

	private List<Path> receivedFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.filter((f) -> f.getFileName().toString().startsWith("raftboot-snapshot-")).toList();
		}
	}

	@Test
	void aMemberRestartedFromItsOwnSnapshotAppliesOnlyTheEntriesAfterIt() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, (b) -> b.snapshot(20, 5))) {
			List<String> acknowledged = new ArrayList<>();
			proposeAll(cluster.awaitLeader(), "a", 50, acknowledged);
			awaitApplied(cluster, acknowledged);
			long snapshotIndex = cluster.server(2).status().join().snapshotIndex();
			assertThat(snapshotIndex).isPositive();
			cluster.stop(2);
			cluster.restart(2);
			assertThat(cluster.member(2).stateMachine.restores()).isEqualTo(1);
			proposeAll(cluster.awaitLeader(), "b", 10, acknowledged);
			awaitApplied(cluster, acknowledged);
		}
	}

	static void proposeAll(RaftServer server, String prefix, int n, List<String> acknowledged) {
		for (int i = 0; i < n; i++) {
			String value = prefix + i;
			server.propose(RecordingStateMachine.bytes(value)).join();
			acknowledged.add(value);
		}
	}

	/** Every running member applies exactly the acknowledged values, in order, each once. */
	static void awaitApplied(TestCluster cluster, List<String> acknowledged) {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			for (TestCluster.Member m : cluster.running()) {
				assertThat(m.stateMachine.values()).as("member %d", m.id).isEqualTo(acknowledged);
				assertThat(m.stateMachine.violations()).isEmpty();
			}
		});
	}
}
