package org.raftboot.node;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.raftboot.node.NodeFixtures.PATIENCE;
import static org.raftboot.node.NodeStartTests.bytes;

/** Three Nodes in one JVM over an in-memory router: elections, replication, failover, transfer. */
class NodeClusterTests {

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void threeNodesElectALeaderAndApplyTheProposalsOfEveryMemberInOneOrder() throws Exception {
		try (InMemoryCluster cluster = new InMemoryCluster(3, this.logger)) {
			long leader = cluster.awaitLeader();
			List<String> proposed = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				for (long id = 1; id <= 3; id++) {
					String data = "n" + id + "-" + i;
					cluster.node(id).propose(bytes(data)).get();
					proposed.add(data);
				}
			}
			await().atMost(PATIENCE).untilAsserted(() -> {
				for (long id = 1; id <= 3; id++) {
					assertThat(cluster.driver(id).appliedData()).containsExactlyInAnyOrderElementsOf(proposed);
				}
			});
			List<String> order = cluster.driver(leader).appliedData();
			for (long id = 1; id <= 3; id++) {
				assertThat(cluster.driver(id).appliedData()).isEqualTo(order);
				assertThat(cluster.driver(id).confStates()).last()
					.satisfies((cs) -> assertThat(cs.getVotersList()).containsExactly(1L, 2L, 3L));
			}
			assertThat(this.logger.lines()).contains(String.format("INFO raft.node: %x elected leader %x at term %d",
					leader, leader, cluster.node(leader).status().get().term()));
		}
	}

	@Test
	void whenTheLeaderStopsTheOthersElectANewOneAndKeepCommitting() throws Exception {
		try (InMemoryCluster cluster = new InMemoryCluster(3, this.logger)) {
			long first = cluster.awaitLeader();
			cluster.node(first).propose(bytes("before")).get();
			await().atMost(PATIENCE).untilAsserted(() -> {
				for (long id : cluster.live()) {
					assertThat(cluster.driver(id).appliedData()).containsExactly("before");
				}
			});

			cluster.stop(first);
			long second = cluster.awaitLeader();
			assertThat(second).isNotEqualTo(first);
			cluster.node(second).propose(bytes("after")).get();
			await().atMost(PATIENCE).untilAsserted(() -> {
				for (long id : cluster.live()) {
					assertThat(cluster.driver(id).appliedData()).containsExactly("before", "after");
				}
			});
		}
	}

	@Test
	void leadershipIsTransferredOnRequest() throws Exception {
		try (InMemoryCluster cluster = new InMemoryCluster(3, this.logger)) {
			long leader = cluster.awaitLeader();
			long transferee = (leader % 3) + 1;
			// Asked of a follower, the request is forwarded to the leader.
			long asked = (transferee % 3) + 1;
			cluster.node(asked).transferLeadership(transferee).get();
			await().atMost(PATIENCE).until(() -> cluster.awaitLeader() == transferee);
			cluster.node(transferee).propose(bytes("under the new leader")).get();
			await().atMost(PATIENCE).untilAsserted(() -> {
				for (long id : cluster.live()) {
					assertThat(cluster.driver(id).appliedData()).containsExactly("under the new leader");
				}
			});
		}
	}

}
