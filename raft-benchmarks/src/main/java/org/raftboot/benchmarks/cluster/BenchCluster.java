package org.raftboot.benchmarks.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import org.raftboot.benchmarks.TempDirs;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;
import org.raftboot.server.TransportEventRouter;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.TransportConfig;

/**
 * {@code n} RaftServers in this JVM, each with its own NettyTransport on 127.0.0.1 (ephemeral port)
 * and FileStorage under one root directory, with the runtime's default timing (100 ms ticks).
 */
final class BenchCluster implements AutoCloseable {

	private final Path root;

	private final List<RaftServer> servers = new ArrayList<>();

	private BenchCluster(Path root) {
		this.root = root;
	}

	static BenchCluster start(Path parent, int n, boolean fsync) throws IOException {
		BenchCluster cluster = new BenchCluster(Files.createTempDirectory(parent, "raftboot-cluster"));
		Map<Long, InetSocketAddress> peers = new TreeMap<>();
		List<NettyTransport> transports = new ArrayList<>();
		List<TransportEventRouter> routers = new ArrayList<>();
		for (long id = 1; id <= n; id++) {
			TransportEventRouter events = new TransportEventRouter();
			NettyTransport transport = new NettyTransport(TransportConfig.builder(1, id)
				.bindAddress(new InetSocketAddress("127.0.0.1", 0))
				.snapshotDirectory(cluster.root)
				.build(), events);
			transport.start();
			transports.add(transport);
			routers.add(events);
			peers.put(id, transport.localAddress());
		}
		for (long id = 1; id <= n; id++) {
			FileStorage storage = FileStorage
				.open(FileStorageOptions.builder(cluster.root.resolve("node-" + id)).fsync(fsync).build());
			RaftServer server = RaftServer
				.builder(RaftServerConfig.builder(id).logger(new DiscardRaftLogger()).build())
				.storage(storage)
				.transport(transports.get((int) id - 1), routers.get((int) id - 1), true)
				.stateMachine(new ValueStore())
				.peers(peers)
				.build();
			server.start();
			cluster.servers.add(server);
		}
		return cluster;
	}

	List<RaftServer> servers() {
		return this.servers;
	}

	Path root() {
		return this.root;
	}

	/** Waits for a leader all members agree on, and for a proposal through it to be applied everywhere. */
	RaftServer awaitLeader(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			long lead = this.servers.get(0).leaderId();
			if (lead != 0 && this.servers.stream().allMatch((s) -> s.leaderId() == lead)) {
				RaftServer leader = this.servers.get((int) lead - 1);
				try {
					long index = leader.propose(ValueStore.value(0, 8)).join().index();
					while (this.servers.stream().anyMatch((s) -> s.lastApplied() < index)) {
						Thread.sleep(10);
					}
					return leader;
				}
				catch (CompletionException ex) {
					// leadership moved: look again
				}
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("no leader within " + timeout);
	}

	/** A member that is not the leader. */
	RaftServer follower(RaftServer leader) {
		return this.servers.stream().filter((s) -> s != leader).findFirst().orElseThrow();
	}

	@Override
	public void close() {
		for (RaftServer server : this.servers) {
			server.close();
		}
		TempDirs.delete(this.root);
	}
}
