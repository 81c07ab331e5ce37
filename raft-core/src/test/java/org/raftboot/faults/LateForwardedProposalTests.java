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
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.server.Applied;
import org.raftboot.server.RaftServer;
import org.raftboot.testkit.linearizability.Command;

/**
 * Found by the fault suite: a follower forwards proposal {@code s} to a leader over a slow link,
 * leadership moves, proposal {@code s+1} goes to the new leader and is applied, so {@code s} is
 * reported dropped; then {@code s} reaches the old leader, which forwards it to the new one. It
 * must not take effect after it was reported as never going to. Found in review: the same for a
 * membership change, whose retry the server proposes itself.
 */
class LateForwardedProposalTests {

	@TempDir
	Path dir;

	@Test
	void aProposalReportedDroppedNeverTakesEffectWhenItArrivesLate() {
		try (FaultCluster cluster = new FaultCluster(this.dir, 3, ReadOnlyOption.SAFE)) {
			Roles roles = Roles.of(cluster);
			RaftServer proposer = roles.proposer();
			cluster.proxy().delay(roles.follower(), roles.oldLeader(), Duration.ofSeconds(4));
			CompletableFuture<Applied> late = proposer.propose(KvCommands.encode(Command.put("k", "late")));
			roles.moveLeadership(cluster);
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
				.until(() -> proposer.propose(KvCommands.encode(Command.put("k", "next"))).join() != null);

			assertThat(late).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(Exception.class)
				.withRootCauseInstanceOf(ProposalDroppedException.class);
			await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(cluster.ids().stream().map((id) -> valueOfK(cluster, id)))
					.as("k on every member, before and after the late proposal arrives").containsOnly("next"));
		}
		catch (CompletionException ex) {
			throw new AssertionError(ex);
		}
	}

	/**
	 * The first attempt of a removal is delayed, the server's retry removes the member through the
	 * new leader, the member is added back; the first attempt, arriving then, must not remove it again.
	 */
	@Test
	void aSupersededMembershipChangeNeverTakesEffectWhenItArrivesLate() {
		try (FaultCluster cluster = new FaultCluster(this.dir, 3, ReadOnlyOption.SAFE)) {
			Roles roles = Roles.of(cluster);
			RaftServer proposer = roles.proposer();
			InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
			proposer.addLearner(99, nowhere).join();
			await().atMost(Duration.ofSeconds(5)).until(() -> learners(cluster).stream().allMatch((l) -> l.contains(99L)));

			cluster.proxy().delay(roles.follower(), roles.oldLeader(), Duration.ofSeconds(6));
			CompletableFuture<Applied> removal = proposer.removeMember(99);
			roles.moveLeadership(cluster);
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
			.map((id) -> Set.copyOf(server(cluster, id).status().join().raft().config().learners))
			.toList();
	}

	private static String valueOfK(FaultCluster cluster, long id) {
		return String.valueOf(Objects.requireNonNull(cluster.member(id).current()).stateMachine().get("k"));
	}

	private static RaftServer server(FaultCluster cluster, long id) {
		return Objects.requireNonNull(cluster.member(id).current()).server();
	}

	/** The leader elected first, the follower that proposes (warmed up), and the member that leads next. */
	private record Roles(long oldLeader, long follower, long newLeader, RaftServer proposer) {

		static Roles of(FaultCluster cluster) {
			await().atMost(Duration.ofSeconds(20)).until(() -> cluster.leader() != 0);
			long oldLeader = cluster.leader();
			List<Long> others = cluster.ids().stream().filter((id) -> id != oldLeader).toList();
			RaftServer proposer = server(cluster, others.get(0));
			proposer.propose(KvCommands.encode(Command.put("warm-up", "done"))).join();
			return new Roles(oldLeader, others.get(0), others.get(1), proposer);
		}

		/** Hands leadership to the next leader and waits until the proposer follows it. */
		void moveLeadership(FaultCluster cluster) {
			server(cluster, this.oldLeader).transferLeadership(this.newLeader).join();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.proposer.leaderId() == this.newLeader);
		}
	}

}
