package org.raftboot.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.storage.FileStorage;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.TransportConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** Proposals and batches of entries fit the transport's messages, or are refused up front. */
class ProposalSizeTests {

	@TempDir
	Path dir;

	@Test
	void aProposalNoMessageCouldCarryIsRefusedAndTheLargestThatFitsIsAppliedEverywhere() throws Exception {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			RaftServer follower = cluster.server((leader.id() % 3) + 1);
			int largest = cluster.member(1).transport.maxMessageSize() - RaftServer.MESSAGE_OVERHEAD;
			assertThat(follower.propose(new byte[largest + 1])).failsWithin(Duration.ZERO)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(ProposalTooLargeException.class)
				.withMessageContaining("a proposal of " + (largest + 1) + " bytes is larger than the " + largest);
			// Forwarded to the leader as a MsgProp, then sent to each follower in a MsgApp.
			follower.propose(new byte[largest]).get(30, TimeUnit.SECONDS);
			leader.propose(RecordingStateMachine.bytes("after")).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> cluster.running().stream().allMatch((m) -> m.stateMachine.size() == 2));
		}
	}

	@Test
	void aMembershipChangeNoMessageCouldCarryIsRefusedAndTheClusterGoesOn() throws Exception {
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			int max = cluster.member(1).transport.maxMessageSize();
			Map<Long, InetSocketAddress> book = new TreeMap<>();
			String host = "h".repeat(60_000);
			for (long id = 100; book.size() * 60_000L < max + 100_000L; id++) {
				book.put(id, InetSocketAddress.createUnresolved(host + id, 9000));
			}
			CompletableFuture<Applied> change = leader.changeMembership(List.of(ConfChangeSingle.newBuilder()
				.setType(ConfChangeType.ConfChangeAddLearnerNode)
				.setNodeId(100)
				.build()), book);
			assertThat(change).failsWithin(Duration.ZERO)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(ProposalTooLargeException.class);
			leader.propose(RecordingStateMachine.bytes("after")).get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aMaxSizePerMsgWhoseMsgAppsTheTransportCannotCarryIsRefusedAtBuild() {
		assertThatIllegalArgumentException().isThrownBy(() -> build(64 * 1024, 64 * 1024))
			.withMessageContaining("maxSizePerMsg (65536 bytes) makes MsgApps of up to 1.5 times its size")
			.withMessageContaining("lower it to 43002");
		assertThatIllegalArgumentException().isThrownBy(() -> build(1024, 0))
			.withMessage("the transport carries messages of at most 1015 bytes, which holds no proposal: raise its "
					+ "maximum frame size");
	}

	private void build(int maxFrameSize, long maxSizePerMsg) {
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, 1).maxFrameSize(maxFrameSize)
			.maxQueuedBytes(maxFrameSize).snapshotChunkSize(maxFrameSize / 2).build(), new TransportEventRouter());
		try (FileStorage storage = FileStorage.open(this.dir)) {
			RaftServer.builder(RaftServerConfig.builder(1).maxSizePerMsg(maxSizePerMsg).logger(new DiscardRaftLogger()).build())
				.storage(storage)
				.transport(transport, new TransportEventRouter(), true)
				.stateMachine(new RecordingStateMachine())
				.build()
				.close();
		}
		finally {
			transport.close();
		}
	}

}
