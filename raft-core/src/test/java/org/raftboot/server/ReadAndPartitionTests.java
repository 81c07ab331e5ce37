package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.transport.NettyTransport;

class ReadAndPartitionTests {

	@TempDir
	Path dir;

	@Test
	void aReadBarrierOnAFollowerObservesEveryWriteAcknowledgedBeforeIt() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			List<String> acknowledged = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				RaftServer writer = cluster.server(1 + i % 3);
				RaftServer reader = cluster.server(1 + (i + 1) % 3);
				String value = "w" + i;
				writer.propose(RecordingStateMachine.bytes(value)).join();
				acknowledged.add(value);
				long readIndex = reader.readBarrier().join();
				assertThat(reader.lastApplied()).isGreaterThanOrEqualTo(readIndex);
				assertThat(cluster.member(reader.id()).stateMachine.values()).isEqualTo(acknowledged);
			}
			assertThat(leader.isLeader()).isTrue();
		}
	}

	@Test
	void concurrentReadBarriersAllComplete() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			Applied last = leader.propose(RecordingStateMachine.bytes("x")).join();
			RaftServer follower = cluster.server((leader.id() % 3) + 1);
			List<CompletableFuture<Long>> reads = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				reads.add(follower.readBarrier());
			}
			CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
			assertThat(reads).allSatisfy((r) -> assertThat(r.join()).isGreaterThanOrEqualTo(last.index()));
		}
	}

	@Test
	void aLeaseReadIsServedByTheLeader() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, TestCluster::leaseBased)) {
			RaftServer leader = cluster.awaitLeader();
			Applied written = leader.propose(RecordingStateMachine.bytes("x")).join();
			assertThat(leader.leaseRead().join()).isGreaterThanOrEqualTo(written.index());
		}
	}

	@Test
	void leaseReadsOnTheLeaderSeeEveryWriteAcknowledgedBeforeThemThroughAnyMember() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, TestCluster::leaseBased)) {
			RaftServer leader = cluster.awaitLeader();
			List<String> acknowledged = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				String value = "w" + i;
				cluster.server(1 + i % 3).propose(RecordingStateMachine.bytes(value)).join();
				acknowledged.add(value);
				long readIndex = leader.leaseRead().join();
				assertThat(leader.lastApplied()).isGreaterThanOrEqualTo(readIndex);
				assertThat(cluster.member(leader.id()).stateMachine.values()).isEqualTo(acknowledged);
			}
		}
	}

	@Test
	void anIsolatedLeaderServesNoLeaseReadThatMissesTheWritesOfTheNextLeader() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false,
				(b) -> TestCluster.leaseBased(b).requestTimeout(Duration.ofSeconds(1)))) {
			RaftServer old = cluster.awaitLeader();
			old.propose(RecordingStateMachine.bytes("before")).join();
			old.leaseRead().join();
			partition(cluster, old.id(), true);
			List<RaftServer> others = cluster.running().stream().map(TestCluster.Member::server)
				.filter((s) -> s != old).toList();
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
				.until(() -> others.stream().anyMatch((s) -> s.isLeader()
						&& s.propose(RecordingStateMachine.bytes("after")).join().index() > 0));
			List<CompletableFuture<Long>> reads = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				reads.add(old.leaseRead());
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> reads.stream().allMatch(CompletableFuture::isDone));
			assertThat(reads).allSatisfy((read) -> assertThat(read).failsWithin(Duration.ZERO));
			assertThat(cluster.member(old.id()).stateMachine.values()).doesNotContain("after");
			partition(cluster, old.id(), false);
		}
	}

	@Test
	void afterALeadershipTransferTheOldLeadersLeaseReadsSeeTheNewLeadersWrites() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, TestCluster::leaseBased)) {
			RaftServer old = cluster.awaitLeader();
			old.propose(RecordingStateMachine.bytes("before")).join();
			old.leaseRead().join();
			RaftServer next = cluster.server((old.id() % 3) + 1);
			old.transferLeadership(next.id()).join();
			await().atMost(Duration.ofSeconds(20)).until(next::isLeader);
			Applied after = next.propose(RecordingStateMachine.bytes("after")).join();
			assertThat(old.leaseRead().join()).isGreaterThanOrEqualTo(after.index());
			assertThat(cluster.member(old.id()).stateMachine.values()).contains("after");
		}
	}

	@Test
	void aLeaseBasedClusterRestartedAllAtOnceElectsALeaderAndServesLeaseReads() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, TestCluster::leaseBased)) {
			Applied written = cluster.awaitLeader().propose(RecordingStateMachine.bytes("x")).join();
			for (long id = 1; id <= 3; id++) {
				cluster.stop(id);
			}
			for (long id = 1; id <= 3; id++) {
				cluster.restart(id);
			}
			RaftServer leader = cluster.awaitLeader();
			assertThat(leader.leaseRead().join()).isGreaterThanOrEqualTo(written.index());
			assertThat(cluster.member(leader.id()).stateMachine.values()).contains("x");
		}
	}

	@Test
	void leaseReadsGoOnAfterAMembershipChange() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, TestCluster::leaseBased)) {
			RaftServer leader = cluster.awaitLeader();
			leader.leaseRead().join();
			long removed = (leader.id() % 3) + 1;
			leader.removeMember(removed).join();
			Applied written = leader.propose(RecordingStateMachine.bytes("y")).join();
			assertThat(leader.leaseRead().join()).isGreaterThanOrEqualTo(written.index());
		}
	}

	@Test
	void proposalsToAPartitionedLeaderFailOrSucceedButNeverHang() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false,
				(b) -> b.requestTimeout(Duration.ofSeconds(2)))) {
			RaftServer leader = cluster.awaitLeader();
			leader.propose(RecordingStateMachine.bytes("before")).join();
			long isolated = leader.id();
			partition(cluster, isolated, true);
			List<CompletableFuture<Applied>> futures = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				futures.add(leader.propose(RecordingStateMachine.bytes("during" + i)));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
			for (CompletableFuture<Applied> f : futures) {
				assertThat(f).satisfiesAnyOf((ok) -> assertThat(ok).isCompleted(),
						(failed) -> assertThat(failed).failsWithin(Duration.ZERO)
							.withThrowableThat()
							.havingCause()
							.isInstanceOfAny(TimeoutException.class, ProposalDroppedException.class));
			}
			partition(cluster, isolated, false);
			RaftServer next = cluster.awaitLeader();
			Applied after = next.propose(RecordingStateMachine.bytes("after")).join();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> cluster.running().stream().allMatch((m) -> m.server().lastApplied() >= after.index()));
			List<String> reference = cluster.member(next.id()).stateMachine.values();
			for (TestCluster.Member m : cluster.running()) {
				assertThat(m.stateMachine.values()).isEqualTo(reference);
			}
		}
	}

	/** Cuts (or restores) the links between {@code isolated} and every other member, both ways. */
	private static void partition(TestCluster cluster, long isolated, boolean cut) {
		NettyTransport own = cluster.member(isolated).transport;
		for (TestCluster.Member m : cluster.running()) {
			if (m.id == isolated) {
				continue;
			}
			if (cut) {
				own.removePeer(m.id);
				m.transport.removePeer(isolated);
			}
			else {
				own.addPeer(m.id, m.address);
				m.transport.addPeer(isolated, cluster.member(isolated).address);
			}
		}
	}
}
