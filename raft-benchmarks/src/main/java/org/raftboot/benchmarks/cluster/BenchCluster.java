package org.raftboot.benchmarks.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.raftboot.benchmarks.TempDirs;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;
import org.raftboot.server.RaftServerListener;
import org.raftboot.server.StateMachine;
import org.raftboot.server.TransportEventRouter;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.PeerMetrics;
import org.raftboot.transport.TransportConfig;

/**
 * {@code n} RaftServers in this JVM, each with its own NettyTransport on 127.0.0.1 (ephemeral port)
 * and FileStorage under a root directory made in its member's parent directory (one for all members,
 * or one each: a disk per member), with the runtime's default timing (100 ms ticks) unless tuned.
 * Members may start later than the others (to be caught up by a snapshot).
 */
final class BenchCluster implements AutoCloseable {

	/** The root directory of each member, by id: one per distinct parent directory. */
	private final Map<Long, Path> roots = new TreeMap<>();

	private final boolean fsync;

	private final UnaryOperator<RaftServerConfig.Builder> tuning;

	private final Supplier<StateMachine> machines;

	private final Map<Long, InetSocketAddress> peers = new TreeMap<>();

	private final Map<Long, NettyTransport> transports = new TreeMap<>();

	private final Map<Long, TransportEventRouter> routers = new TreeMap<>();

	private final List<RaftServer> servers = new ArrayList<>();

	/** Writes of the members' storage threads (each one sync with fsync on). */
	private final LongAdder writes = new LongAdder();

	private BenchCluster(boolean fsync, UnaryOperator<RaftServerConfig.Builder> tuning,
			Supplier<StateMachine> machines) {
		this.fsync = fsync;
		this.tuning = tuning;
		this.machines = machines;
	}

	/**
	 * Starts members 1..n, member i's data under {@code parents.get(i - 1)}, with the default
	 * configuration and a {@link ValueStore} each; transports with {@code ioThreads} event loop threads
	 * (0: the default).
	 */
	static BenchCluster start(List<Path> parents, boolean fsync, int ioThreads) throws IOException {
		BenchCluster cluster = create(parents, fsync, ioThreads, UnaryOperator.identity(), ValueStore::new);
		for (long id = 1; id <= parents.size(); id++) {
			cluster.startMember(id);
		}
		return cluster;
	}

	/**
	 * Binds the transports of members 1..n, member i's data under {@code parents.get(i - 1)}; start the
	 * members with {@link #startMember}.
	 */
	static BenchCluster create(List<Path> parents, boolean fsync, int ioThreads,
			UnaryOperator<RaftServerConfig.Builder> tuning, Supplier<StateMachine> machines) throws IOException {
		BenchCluster cluster = new BenchCluster(fsync, tuning, machines);
		Map<Path, Path> rootOfParent = new HashMap<>();
		for (long id = 1; id <= parents.size(); id++) {
			Path parent = parents.get((int) id - 1);
			Path root = rootOfParent.get(parent);
			if (root == null) {
				root = Files.createTempDirectory(parent, "raftboot-cluster");
				rootOfParent.put(parent, root);
			}
			cluster.roots.put(id, root);
			TransportEventRouter events = new TransportEventRouter();
			// A received snapshot is renamed into the member's storage: the same file system.
			TransportConfig.Builder config = TransportConfig.builder(1, id)
				.bindAddress(new InetSocketAddress("127.0.0.1", 0))
				.snapshotDirectory(root);
			if (ioThreads > 0) {
				config.ioThreads(ioThreads);
			}
			NettyTransport transport = new NettyTransport(config.build(), events);
			transport.start();
			cluster.transports.put(id, transport);
			cluster.routers.put(id, events);
			cluster.peers.put(id, transport.localAddress());
		}
		return cluster;
	}

	/** Starts member {@code id} as one of the initial members. */
	RaftServer startMember(long id) {
		FileStorage storage = FileStorage
			.open(FileStorageOptions.builder(this.roots.get(id).resolve("node-" + id)).fsync(this.fsync).build());
		RaftServer server = RaftServer
			.builder(this.tuning.apply(RaftServerConfig.builder(id).logger(new DiscardRaftLogger())).build())
			.storage(storage)
			.transport(this.transports.get(id), this.routers.get(id), true)
			.stateMachine(this.machines.get())
			.peers(this.peers)
			.listener(new RaftServerListener() {
				@Override
				public void onPersisted(long nanos, int entries) {
					BenchCluster.this.writes.increment();
				}
			})
			.build();
		server.start();
		this.servers.add(server);
		return server;
	}

	/** Writes (with fsync on, syncs) of all members' storage so far. */
	long writes() {
		return this.writes.sum();
	}

	List<RaftServer> servers() {
		return this.servers;
	}

	/** The root directories of the members' data, each once. */
	Set<Path> roots() {
		return new LinkedHashSet<>(this.roots.values());
	}

	/** Bytes of snapshot data member {@code id} has received from its peers so far. */
	long snapshotBytesReceived(long id) {
		return this.transports.get(id).metrics().peers().values().stream().mapToLong(PeerMetrics::snapshotBytesReceived).sum();
	}

	/** Waits for a leader all members agree on, and for a proposal through it to be applied everywhere. */
	RaftServer awaitLeader(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			long lead = this.servers.get(0).leaderId();
			if (lead != 0 && this.servers.stream().allMatch((s) -> s.leaderId() == lead)) {
				RaftServer leader = this.servers.stream().filter((s) -> s.id() == lead).findFirst().orElseThrow();
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
		for (Map.Entry<Long, NettyTransport> transport : this.transports.entrySet()) {
			if (this.servers.stream().noneMatch((s) -> s.id() == transport.getKey())) {
				transport.getValue().close();
			}
		}
		roots().forEach(TempDirs::delete);
	}
}
