package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.StateType;

class ElectionAndReplicationTests {

	@TempDir
	Path dir;

	@Test
	void aThreeMemberClusterElectsOneLeaderThatEveryMemberKnows() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			ServerStatus status = leader.status().join();
			assertThat(status.raft().raftState()).isEqualTo(StateType.StateLeader);
			assertThat(status.isLeader()).isTrue();
			assertThat(status.raft().progress()).containsOnlyKeys(1L, 2L, 3L);
			assertThat(status.peers()).hasSize(2).doesNotContainKey(leader.id());
			assertThat(status.peers().values()).allSatisfy((link) -> assertThat(link.connection()).isNotNull());
		}
	}

	@Test
	void tenThousandProposalsFromAllMembersCompleteExactlyOnceAndApplyEverywhereInOneOrder() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			cluster.awaitLeader();
			cluster.awaitConnected();
			int perMember = 3334;
			List<CompletableFuture<Applied>> futures = new ArrayList<>();
			AtomicInteger completions = new AtomicInteger();
			for (int i = 0; i < perMember; i++) {
				for (long id = 1; id <= 3; id++) {
					CompletableFuture<Applied> f = cluster.server(id).propose(RecordingStateMachine.bytes(id + "-" + i));
					f.whenComplete((a, e) -> completions.incrementAndGet());
					futures.add(f);
				}
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
			await().atMost(Duration.ofSeconds(10)).until(() -> completions.get() == futures.size());
			Set<Long> indexes = new HashSet<>();
			futures.forEach((f) -> assertThat(indexes.add(f.join().index())).isTrue());
			await().atMost(Duration.ofSeconds(20))
				.until(() -> cluster.running().stream().allMatch((m) -> m.stateMachine.size() == futures.size()));
			List<String> reference = cluster.member(1).stateMachine.values();
			assertThat(new HashSet<>(reference)).hasSize(futures.size());
			for (TestCluster.Member m : cluster.running()) {
				assertThat(m.stateMachine.values()).isEqualTo(reference);
				assertThat(m.stateMachine.violations()).isEmpty();
			}
		}
	}

	@Test
	void whenTheLeaderStopsANewOneIsElectedAndProposalsContinue() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer first = cluster.awaitLeader();
			first.propose(RecordingStateMachine.bytes("before")).join();
			long oldLeader = first.id();
			cluster.stop(oldLeader);
			RaftServer second = cluster.awaitLeader();
			assertThat(second.id()).isNotEqualTo(oldLeader);
			Applied after = second.propose(RecordingStateMachine.bytes("after")).join();
			await().atMost(Duration.ofSeconds(10)).until(() -> cluster.running().stream()
				.allMatch((m) -> m.server().lastApplied() >= after.index()));
			for (TestCluster.Member m : cluster.running()) {
				assertThat(m.stateMachine.values()).containsExactly("before", "after");
			}
		}
	}

	@Test
	void proposalsWithFsyncOnAreAppliedByEveryMember() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, true, UnaryOperator.identity())) {
			cluster.awaitLeader();
			List<CompletableFuture<Applied>> futures = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				futures.add(cluster.server(1 + i % 3).propose(RecordingStateMachine.bytes("v" + i)));
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> cluster.running().stream().allMatch((m) -> m.stateMachine.size() == 100));
		}
	}
}
