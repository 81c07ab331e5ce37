package org.raftboot.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * must not take effect after it was reported as never going to.
 */
class LateForwardedProposalTests {

	@TempDir
	Path dir;

	@Test
	void aProposalReportedDroppedNeverTakesEffectWhenItArrivesLate() {
		try (FaultCluster cluster = new FaultCluster(this.dir, 3, ReadOnlyOption.SAFE)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> cluster.leader() != 0);
			long oldLeader = cluster.leader();
			List<Long> others = cluster.ids().stream().filter((id) -> id != oldLeader).toList();
			long follower = others.get(0);
			long newLeader = others.get(1);
			RaftServer proposer = server(cluster, follower);
			proposer.propose(KvCommands.encode(Command.put("warm-up", "done"))).join();

			cluster.proxy().delay(follower, oldLeader, Duration.ofSeconds(4));
			CompletableFuture<Applied> late = proposer.propose(KvCommands.encode(Command.put("k", "late")));
			server(cluster, oldLeader).transferLeadership(newLeader).join();
			await().atMost(Duration.ofSeconds(10)).until(() -> proposer.leaderId() == newLeader);
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

	private static String valueOfK(FaultCluster cluster, long id) {
		return String.valueOf(Objects.requireNonNull(cluster.member(id).current()).stateMachine().get("k"));
	}

	private static RaftServer server(FaultCluster cluster, long id) {
		return Objects.requireNonNull(cluster.member(id).current()).server();
	}

}
