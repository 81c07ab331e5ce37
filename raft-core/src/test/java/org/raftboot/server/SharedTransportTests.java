package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.TransportConfig;

class SharedTransportTests {

	@TempDir
	Path dir;

	@Test
	void twoGroupsShareOneTransportPerProcessAndKeepTheirLogsApart() {
		List<NettyTransport> transports = new ArrayList<>();
		List<TransportEventRouter> routers = new ArrayList<>();
		Map<Long, InetSocketAddress> peers = new TreeMap<>();
		for (long id = 1; id <= 3; id++) {
			TransportEventRouter router = new TransportEventRouter();
			NettyTransport transport = new NettyTransport(TransportConfig.builder(1, id)
				.bindAddress(new InetSocketAddress("127.0.0.1", 0))
				.ioThreads(1)
				.reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
				.build(), router);
			transport.start();
			transports.add(transport);
			routers.add(router);
			peers.put(id, transport.localAddress());
		}
		Map<Long, List<RaftServer>> groups = new TreeMap<>();
		Map<RaftServer, RecordingStateMachine> machines = new java.util.HashMap<>();
		try {
			for (long group = 7; group <= 8; group++) {
				List<RaftServer> servers = new ArrayList<>();
				for (long id = 1; id <= 3; id++) {
					RecordingStateMachine sm = new RecordingStateMachine();
					RaftServer server = RaftServer.builder(RaftServerConfig.builder(id)
						.groupId(group)
						.tickInterval(TestCluster.TICK)
						.electionTick(50)
						.logger(new DiscardRaftLogger())
						.build())
						.storage(FileStorage.open(FileStorageOptions.builder(this.dir.resolve(group + "-" + id)).fsync(false).build()))
						.transport(transports.get((int) id - 1), routers.get((int) id - 1), false)
						.stateMachine(sm)
						.peers(peers)
						.build();
					server.start();
					servers.add(server);
					machines.put(server, sm);
				}
				groups.put(group, servers);
			}
			for (Map.Entry<Long, List<RaftServer>> group : groups.entrySet()) {
				for (int i = 0; i < 10; i++) {
					RaftServer proposer = group.getValue().get(i % 3);
					await().atMost(Duration.ofSeconds(20)).until(() -> proposer.leaderId() != 0);
					proposer.propose(RecordingStateMachine.bytes("g" + group.getKey() + "-" + i)).join();
				}
			}
			for (Map.Entry<Long, List<RaftServer>> group : groups.entrySet()) {
				for (RaftServer server : group.getValue()) {
					await().atMost(Duration.ofSeconds(10)).until(() -> machines.get(server).size() == 10);
					assertThat(machines.get(server).values()).allMatch((v) -> v.startsWith("g" + group.getKey() + "-"));
				}
			}
		}
		finally {
			groups.values().forEach((servers) -> servers.forEach(RaftServer::close));
			transports.forEach(NettyTransport::close);
		}
	}
}
