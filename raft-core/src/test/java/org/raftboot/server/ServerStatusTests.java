package org.raftboot.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.ConnectionState;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.SnapshotPayload;
import org.raftboot.transport.SnapshotProgress;
import org.raftboot.transport.TransportConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator's picture of a replica: raft's status beside the transport's links and snapshot transfers. */
class ServerStatusTests {

	private static final int SNAPSHOT_BYTES = 32 * 1024 * 1024;

	@TempDir
	Path dir;

	@Test
	void aSnapshotOnItsWayToAPeerShowsInTheStatusOfItsOwnGroupOnly() throws Exception {
		TransportEventRouter router = new TransportEventRouter();
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, 1)
			.bindAddress(new InetSocketAddress("127.0.0.1", 0))
			.snapshotTimeout(Duration.ofMinutes(1))
			.build(), router);
		// A peer that accepts the connection and never reads: the transfer stalls part way.
		try (ServerSocket stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				transport;
				RaftServer sending = server(5, transport, router);
				RaftServer other = server(6, transport, router)) {
			transport.start();
			sending.start();
			other.start();
			await().atMost(Duration.ofSeconds(20)).until(sending::isLeader);
			ServerStatus idle = sending.status().join();
			assertThat(idle.raft().raftState()).isEqualTo(StateType.StateLeader);
			assertThat(idle.raft().term()).isPositive();
			assertThat(idle.raft().vote()).isEqualTo(1);
			assertThat(idle.raft().leadTransferee()).isZero();
			assertThat(idle.raft().config().voters.ids()).containsExactly(1L);

			transport.addPeer(9, new InetSocketAddress(InetAddress.getLoopbackAddress(), stalled.getLocalPort()));
			Message snap = Message.newBuilder()
				.setType(MessageType.MsgSnap)
				.setFrom(1)
				.setTo(9)
				.setTerm(1)
				.setSnapshot(Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder().setIndex(1).setTerm(1)))
				.build();
			transport.sendSnapshot(5, snap, SnapshotPayload.of(ByteString.copyFrom(new byte[SNAPSHOT_BYTES])));

			await().atMost(Duration.ofSeconds(20))
				.until(() -> sending.status().join().peers().get(9L).snapshotTransfer().isPresent());
			PeerLink link = sending.status().join().peers().get(9L);
			SnapshotProgress progress = link.snapshotTransfer().orElseThrow();
			assertThat(progress.groupId()).isEqualTo(5);
			assertThat(progress.totalBytes()).isEqualTo(SNAPSHOT_BYTES);
			assertThat(progress.bytesSent()).isLessThan(SNAPSHOT_BYTES);
			assertThat(link.connection()).as("messages open their own connection, lazily").isEqualTo(ConnectionState.DISCONNECTED);

			PeerLink seenByOtherGroup = other.status().join().peers().get(9L);
			assertThat(seenByOtherGroup.snapshotTransfer()).isEmpty();
		}
	}

	private RaftServer server(long group, NettyTransport transport, TransportEventRouter router) {
		return RaftServer.builder(RaftServerConfig.builder(1)
			.groupId(group)
			.tickInterval(Duration.ofMillis(10))
			.electionTick(20)
			.logger(new DiscardRaftLogger())
			.build())
			.storage(FileStorage.open(FileStorageOptions.builder(this.dir.resolve("group-" + group)).fsync(false).build()))
			.transport(transport, router, false)
			.stateMachine(new RecordingStateMachine())
			.peers(Map.of(1L, new InetSocketAddress("127.0.0.1", 7001)))
			.build();
	}

}
