package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfChangeType;

class RaftServerListenerTests {

	@TempDir
	Path dir;

	@Test
	void everyAppliedConfChangeIsReportedOnceOnTheApplyThreadInLogOrderWithTheEntries() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			List<String> acknowledged = new ArrayList<>();
			RaftServer leader = cluster.awaitLeader();
			RestartTests.proposeAll(leader, "a", 5, acknowledged);
			TestCluster.Member joiner = cluster.addJoiner(4);
			Applied added = leader.addVoter(4, joiner.address).join();
			RestartTests.proposeAll(leader, "b", 5, acknowledged);
			RestartTests.awaitApplied(cluster, acknowledged);
			for (long id = 1; id <= 3; id++) {
				TestCluster.Member m = cluster.member(id);
				List<RecordingListener.ConfChangeCall> calls = m.listener.confChanges();
				assertThat(calls).as("member %d", id)
					.extracting(RecordingListener.ConfChangeCall::index)
					.containsExactly(1L, 2L, 3L, added.index());
				RecordingListener.ConfChangeCall addition = calls.get(3);
				assertThat(addition.change().getChanges(0).getType()).isEqualTo(ConfChangeType.ConfChangeAddNode);
				assertThat(addition.change().getChanges(0).getNodeId()).isEqualTo(4L);
				assertThat(addition.confState().getVotersList()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
				assertThat(addition.term()).isEqualTo(added.term());
				assertThat(calls).allSatisfy((call) -> assertThat(call.thread()).startsWith("raft-apply-"));
				List<Long> order = m.stateMachine.journal().stream().map(Math::abs).toList();
				assertThat(order).as("member %d applies and reports in index order", id).isSorted().doesNotHaveDuplicates();
				assertThat(m.stateMachine.journal()).contains(-added.index());
				assertThat(order.get(order.size() - 1)).isGreaterThan(added.index());
			}
		}
	}

	@Test
	void leaderAndRoleChangesAreReportedOnElectionAndOnFailover() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer first = cluster.awaitLeader();
			long firstId = first.id();
			RecordingListener firstListener = cluster.member(firstId).listener;
			assertThat(firstListener.roles()).last().satisfies((call) -> {
				assertThat(call.newRole()).isEqualTo(StateType.StateLeader);
				assertThat(call.oldRole()).isEqualTo(StateType.StateCandidate);
				assertThat(call.term()).isEqualTo(first.status().join().raft().term());
			});
			assertThat(firstListener.leaders()).last().isEqualTo(
					new RecordingListener.LeaderCall(first.status().join().raft().term(), 0, firstId));
			cluster.stop(firstId);
			RaftServer second = cluster.awaitLeader();
			for (TestCluster.Member m : cluster.running()) {
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertChained(m.listener, second.id()));
				assertThat(m.listener.leaders()).extracting(RecordingListener.LeaderCall::newLeader).contains(firstId);
			}
			assertThat(cluster.member(second.id()).listener.roles()).last()
				.extracting(RecordingListener.RoleCall::newRole).isEqualTo(StateType.StateLeader);
		}
	}

	@Test
	void campaignWithoutALeaderElectsThisReplica() throws Exception {
		UnaryOperator<RaftServerConfig.Builder> noElectionSoon = (b) -> b.electionTick(3000);
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, noElectionSoon)) {
			RaftServer two = cluster.server(2);
			assertThat(two.leaderId()).isZero();
			two.campaign().get(10, TimeUnit.SECONDS);
			assertThat(two.isLeader()).isTrue();
			assertThat(cluster.awaitLeader().id()).isEqualTo(2L);
		}
	}

	@Test
	void campaignUnderAnotherLeaderHasLeadershipHandedOver() throws Exception {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			RaftServer other = cluster.server((leader.id() % 3) + 1);
			other.campaign().get(10, TimeUnit.SECONDS);
			assertThat(cluster.awaitLeader().id()).isEqualTo(other.id());
		}
	}

	@Test
	void everySyncedWriteIsReportedWithItsDurationAndEntries() {
		try (TestCluster cluster = TestCluster.start(this.dir, 1, true, UnaryOperator.identity())) {
			RaftServer server = cluster.awaitLeader();
			List<String> acknowledged = new ArrayList<>();
			RestartTests.proposeAll(server, "p", 10, acknowledged);
			List<RecordingListener.PersistCall> persists = cluster.member(1).listener.persists();
			assertThat(persists).isNotEmpty().allSatisfy((call) -> assertThat(call.nanos()).isPositive());
			assertThat(persists.stream().mapToInt(RecordingListener.PersistCall::entries).sum())
				.isGreaterThanOrEqualTo(10);
		}
	}

	/** The leader changes form one chain from 0 to {@code leader}, and so do the roles. */
	private static void assertChained(RecordingListener listener, long leader) {
		List<RecordingListener.LeaderCall> leaders = listener.leaders();
		assertThat(leaders).isNotEmpty();
		assertThat(leaders.get(0).oldLeader()).isZero();
		for (int i = 1; i < leaders.size(); i++) {
			assertThat(leaders.get(i).oldLeader()).isEqualTo(leaders.get(i - 1).newLeader());
			assertThat(leaders.get(i).term()).isGreaterThanOrEqualTo(leaders.get(i - 1).term());
		}
		assertThat(leaders.get(leaders.size() - 1).newLeader()).isEqualTo(leader);
		List<RecordingListener.RoleCall> roles = listener.roles();
		for (int i = 1; i < roles.size(); i++) {
			assertThat(roles.get(i).oldRole()).isEqualTo(roles.get(i - 1).newRole());
		}
		if (!roles.isEmpty()) {
			assertThat(roles.get(0).oldRole()).isEqualTo(StateType.StateFollower);
		}
	}
}
