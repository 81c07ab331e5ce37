package org.raftboot.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.server.Applied;
import org.raftboot.server.RaftServer;
import org.raftboot.testkit.linearizability.Command;

/**
 * Found in review: {@link LateForwardedProposalTests} for a membership change. The first attempt of a
 * removal is delayed on its way to the old leader, the server's own retry is applied through the new
 * leader, the member is added back, and then the first attempt arrives: it must not remove the
 * member again, after the last change acknowledged added it.
 */
class LateForwardedConfChangeTests {

	@TempDir
	Path dir;

	@Test
	void aSupersededMembershipChangeNeverTakesEffectWhenItArrivesLate() throws Exception {
		try (FaultCluster cluster = new FaultCluster(this.dir, 3, ReadOnlyOption.SAFE)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> cluster.leader() != 0);
			long oldLeader = cluster.leader();
			List<Long> others = cluster.ids().stream().filter((id) -> id != oldLeader).toList();
			long follower = others.get(0);
			long newLeader = others.get(1);
			RaftServer proposer = server(cluster, follower);
			proposer.propose(KvCommands.encode(Command.put("warm-up", "done"))).join();
			InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
			proposer.addLearner(99, nowhere).join();
			await().atMost(Duration.ofSeconds(5)).until(() -> learners(cluster).stream().allMatch((l) -> l.contains(99L)));

			cluster.proxy().delay(follower, oldLeader, Duration.ofSeconds(6));
			CompletableFuture<Applied> removal = proposer.removeMember(99);
			server(cluster, oldLeader).transferLeadership(newLeader).join();
			await().atMost(Duration.ofSeconds(10)).until(() -> proposer.leaderId() == newLeader);
			removal.join();
			proposer.addLearner(99, nowhere).join();

			await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12))
				.untilAsserted(() -> assertThat(learners(cluster))
					.as("learners on every member after the last acknowledged change (add 99)")
					.allMatch((l) -> l.contains(99L)));
		}
	}

	private static List<Set<Long>> learners(FaultCluster cluster) {
		return cluster.ids().stream()
			.map((id) -> server(cluster, id).status().join().raft().config().learners.stream().collect(Collectors.toSet()))
			.toList();
	}

	private static RaftServer server(FaultCluster cluster, long id) {
		return Objects.requireNonNull(cluster.member(id).current()).server();
	}

}
