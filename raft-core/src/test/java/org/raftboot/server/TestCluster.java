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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.TransportConfig;
import org.raftboot.transport.TransportException;

/**
 * An in-JVM cluster of {@link RaftServer}s over the real Netty transport on 127.0.0.1 and
 * FileStorage in a temporary directory, with 10 ms ticks. Members keep their port and directory
 * across restarts.
 */
final class TestCluster implements AutoCloseable {

	static final Duration TICK = Duration.ofMillis(10);

	final class Member {

		final long id;

		final Path dir;

		InetSocketAddress address;

		RecordingStateMachine stateMachine = new RecordingStateMachine();

		RecordingListener listener = new RecordingListener(this.stateMachine);

		@Nullable RaftServer server;

		@Nullable NettyTransport transport;

		Member(long id) {
			this.id = id;
			this.dir = TestCluster.this.root.resolve("node-" + id);
		}

		RaftServer server() {
			assertThat(this.server).as("member %d is running", this.id).isNotNull();
			return this.server;
		}

		boolean running() {
			return this.server != null;
		}
	}

	private final Path root;

	private final boolean fsync;

	private final UnaryOperator<RaftServerConfig.Builder> tuning;

	final Map<Long, Member> members = new TreeMap<>();

	TestCluster(Path root, boolean fsync, UnaryOperator<RaftServerConfig.Builder> tuning) {
		this.root = root;
		this.fsync = fsync;
		this.tuning = tuning;
	}

	/** Starts a new cluster of members 1..n. */
	static TestCluster start(Path root, int n) {
		return start(root, n, false, UnaryOperator.identity());
	}

	static TestCluster start(Path root, int n, boolean fsync, UnaryOperator<RaftServerConfig.Builder> tuning) {
		TestCluster cluster = new TestCluster(root, fsync, tuning);
		for (long id = 1; id <= n; id++) {
			Member m = cluster.new Member(id);
			m.transport = cluster.newTransport(id, null, new TransportEventRouter());
			m.address = m.transport.localAddress();
			cluster.members.put(id, m);
		}
		Map<Long, InetSocketAddress> peers = cluster.addresses();
		for (Member m : cluster.members.values()) {
			cluster.launch(m, peers, false);
		}
		return cluster;
	}

	Member member(long id) {
		return this.members.get(id);
	}

	RaftServer server(long id) {
		return member(id).server();
	}

	Map<Long, InetSocketAddress> addresses() {
		Map<Long, InetSocketAddress> peers = new TreeMap<>();
		this.members.values().forEach((m) -> peers.put(m.id, m.address));
		return peers;
	}

	List<Member> running() {
		return this.members.values().stream().filter(Member::running).toList();
	}

	RaftServerConfig.Builder config(long id) {
		return this.tuning.apply(RaftServerConfig.builder(id)
			.tickInterval(TICK)
			.electionTick(50)
			.heartbeatTick(1)
			.requestTimeout(Duration.ofSeconds(10))
			.logger(new DiscardRaftLogger()));
	}

	/** Tuning for lease-based reads ({@link RaftServer#leaseRead()}). */
	static RaftServerConfig.Builder leaseBased(RaftServerConfig.Builder b) {
		return b.readOnlyOption(ReadOnlyOption.LEASE_BASED);
	}

	/** Waits until all running members agree on one leader among them, and returns it. */
	RaftServer awaitLeader() {
		long[] leader = new long[1];
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				List<Member> up = running();
				long lead = up.get(0).server().leaderId();
				boolean agreed = lead != 0 && up.stream().allMatch((m) -> m.server().leaderId() == lead)
						&& this.members.containsKey(lead) && member(lead).running();
				leader[0] = lead;
				return agreed;
			});
		}
		catch (ConditionTimeoutException ex) {
			StringBuilder states = new StringBuilder("no agreed leader:");
			running().forEach((m) -> states.append("\n").append(m.server().status().join()));
			throw new AssertionError(states.toString(), ex);
		}
		return server(leader[0]);
	}

	/** Waits until a proposal from every running member gets through (connections are up). */
	void awaitConnected() {
		for (Member m : running()) {
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
				.until(() -> m.server().propose(RecordingStateMachine.bytes("warm-up " + m.id)).join() != null);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> running().stream()
			.allMatch((m) -> m.stateMachine.values().containsAll(running().stream().map((r) -> "warm-up " + r.id).toList())));
		for (Member m : running()) {
			m.stateMachine.clear();
		}
	}

	/** Stops a member (its server, storage and transport). */
	void stop(long id) {
		Member m = member(id);
		m.server().close();
		m.server = null;
		m.transport = null;
	}

	/** Restarts a stopped member from its directory, on its old port, with a fresh state machine. */
	void restart(long id) {
		Member m = member(id);
		m.stateMachine = new RecordingStateMachine();
		m.listener = new RecordingListener(m.stateMachine);
		m.transport = newTransport(id, m.address, new TransportEventRouter());
		launch(m, addresses(), false);
	}

	/** Starts a new, empty member that joins the cluster once added. */
	Member addJoiner(long id) {
		Member m = new Member(id);
		m.transport = newTransport(id, null, new TransportEventRouter());
		m.address = m.transport.localAddress();
		Map<Long, InetSocketAddress> peers = addresses();
		this.members.put(id, m);
		launch(m, peers, true);
		return m;
	}

	/**
	 * A started transport on {@code bind}, or on a free port below the kernel's ephemeral range when
	 * null: a member restarted on its old port must not find it taken by a peer's outbound connection
	 * (with a port in the ephemeral range, a peer reconnecting to the stopped member can even connect
	 * to itself).
	 */
	private NettyTransport newTransport(long id, @Nullable InetSocketAddress bind, TransportEventRouter events) {
		this.routers.put(id, events);
		if (bind != null) {
			return startTransport(id, bind, events);
		}
		TransportException last = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
			try {
				return startTransport(id, new InetSocketAddress("127.0.0.1", port), events);
			}
			catch (TransportException ex) {
				last = ex;
			}
		}
		throw last;
	}

	private NettyTransport startTransport(long id, InetSocketAddress bind, TransportEventRouter events) {
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, id)
			.bindAddress(bind)
			.ioThreads(1)
			.reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
			.snapshotDirectory(this.root)
			.snapshotTimeout(Duration.ofSeconds(2))
			.build(), events);
		try {
			transport.start();
		}
		catch (TransportException ex) {
			transport.close();
			throw ex;
		}
		return transport;
	}

	private final Map<Long, TransportEventRouter> routers = new TreeMap<>();

	private void launch(Member m, Map<Long, InetSocketAddress> peers, boolean join) {
		FileStorage storage = FileStorage.open(FileStorageOptions.builder(m.dir).fsync(this.fsync).build());
		RaftServer server = RaftServer.builder(config(m.id).build())
			.storage(storage)
			.transport(m.transport, this.routers.get(m.id), true)
			.stateMachine(m.stateMachine)
			.listener(m.listener)
			.peers(peers)
			.join(join)
			.build();
		server.start();
		m.server = server;
	}

	@Override
	public void close() {
		List<RuntimeException> errors = new ArrayList<>();
		for (Member m : this.members.values()) {
			if (m.server != null) {
				try {
					m.server.close();
				}
				catch (RuntimeException ex) {
					errors.add(ex);
				}
				m.server = null;
			}
		}
		assertThat(errors).isEmpty();
	}
}
