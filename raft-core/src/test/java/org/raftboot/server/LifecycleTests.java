package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.storage.FileStorage;

class LifecycleTests {

	@TempDir
	Path dir;

	@Test
	void closingFailsWhatIsStillInFlightWithAClearException() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			leader.propose(RecordingStateMachine.bytes("committed")).join();
			cluster.running().stream().filter((m) -> m.id != leader.id()).forEach((m) -> cluster.stop(m.id));
			CompletableFuture<Applied> stuck = leader.propose(RecordingStateMachine.bytes("no quorum"));
			CompletableFuture<Long> read = leader.readBarrier();
			cluster.stop(leader.id());
			assertThat(stuck).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
				.havingCause()
				.isInstanceOf(RaftServerClosedException.class);
			assertThat(read).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
				.havingCause()
				.isInstanceOf(RaftServerClosedException.class);
		}
	}

	@Test
	void aFollowerThatMayNotForwardNamesTheLeader() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3, false, (b) -> b.disableProposalForwarding(true))) {
			RaftServer leader = cluster.awaitLeader();
			RaftServer follower = cluster.server((leader.id() % 3) + 1);
			assertThatThrownBy(() -> follower.propose(RecordingStateMachine.bytes("x")).join())
				.hasCauseInstanceOf(NotLeaderException.class)
				.cause()
				.satisfies((ex) -> assertThat(((NotLeaderException) ex).leaderId()).isEqualTo(leader.id()));
			assertThat(leader.propose(RecordingStateMachine.bytes("y")).join().index()).isPositive();
		}
	}

	@Test
	void theStatusShowsTheReplicaTheLogAndThePeerLinks() {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			Applied applied = leader.propose(RecordingStateMachine.bytes("x")).join();
			ServerStatus status = leader.status().join();
			assertThat(status.nodeId()).isEqualTo(leader.id());
			assertThat(status.isLeader()).isTrue();
			assertThat(status.lastApplied()).isGreaterThanOrEqualTo(applied.index());
			assertThat(status.raft().commit()).isGreaterThanOrEqualTo(applied.index());
			assertThat(status.raft().progress()).hasSize(3);
			assertThat(status.peers()).hasSize(2);
			assertThatThrownBy(() -> status.peers().clear()).isInstanceOf(UnsupportedOperationException.class);
		}
	}

	@Test
	void aLeaseReadIsRefusedUnlessTheServerIsLeaseBased() {
		ScriptedPeers peers = new ScriptedPeers();
		FileStorage storage = FileStorage.open(this.dir);
		peers.watch(storage);
		RaftServer server = RaftServer.builder(RaftServerConfig.builder(1).build())
			.storage(storage)
			.transport(peers, new TransportEventRouter(), true)
			.stateMachine(new RecordingStateMachine())
			.build();
		try {
			assertThatThrownBy(server::leaseRead).isInstanceOf(IllegalStateException.class)
				.hasMessage("leaseRead needs readOnlyOption LEASE_BASED");
		}
		finally {
			server.close();
		}
		// Never started, closing still releases the storage, then the owned transport.
		assertThat(peers.events()).containsExactly("close");
	}
}
