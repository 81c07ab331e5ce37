package org.raftboot.faults;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;
import org.raftboot.server.RaftServerListener;
import org.raftboot.server.TransportEventRouter;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.storage.PowerLoss;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.TransportConfig;

/**
 * Members 1..n of one group in this JVM: RaftServers over FileStorage (fsync on, small segments,
 * frequent snapshots) and NettyTransport with 10 ms ticks, every peer reached through a
 * {@link FaultProxy}. Members crash (power loss, then restart from what was synced) and pause (the
 * apply and storage threads stopped at its {@link Gate}, every byte to and from it held in the proxy).
 * Requires {@link PowerLoss#install()}.
 */
final class FaultCluster implements AutoCloseable {

	static final Duration TICK = Duration.ofMillis(10);

	static final int ELECTION_TICK = 30;

	/** A running server and the state machine it applies to, replaced together at a restart. */
	record Incarnation(RaftServer server, KvStateMachine stateMachine) {
	}

	/** A member: its directory survives crashes; its incarnation is replaced at each restart. */
	final class Member {

		final long id;

		final Path dir;

		final Gate gate = new Gate();

		volatile @Nullable Incarnation current;

		Member(long id) {
			this.id = id;
			this.dir = FaultCluster.this.root.resolve("member-" + id);
		}

		/** The running incarnation, or null while crashed. */
		@Nullable Incarnation current() {
			return this.current;
		}
	}

	private final Path root;

	private final ReadOnlyOption readOption;

	final Map<Long, Member> members = new TreeMap<>();

	private final FaultProxy proxy;

	FaultCluster(Path root, int n, ReadOnlyOption readOption) {
		this.root = root;
		this.readOption = readOption;
		Map<Long, Wire> wires = new TreeMap<>();
		Map<Long, InetSocketAddress> real = new TreeMap<>();
		for (long id = 1; id <= n; id++) {
			this.members.put(id, new Member(id));
			Wire wire = transport(id);
			wires.put(id, wire);
			real.put(id, wire.transport().localAddress());
		}
		this.proxy = new FaultProxy(real);
		for (Member m : this.members.values()) {
			launch(m, wires.get(m.id));
		}
	}

	FaultProxy proxy() {
		return this.proxy;
	}

	Member member(long id) {
		return this.members.get(id);
	}

	List<Long> ids() {
		return List.copyOf(this.members.keySet());
	}

	ReadOnlyOption readOption() {
		return this.readOption;
	}

	/** The running member that believes it leads (the first, if several), or 0. */
	long leader() {
		for (Member m : this.members.values()) {
			Incarnation up = m.current;
			if (up != null && up.server().isLeader()) {
				return m.id;
			}
		}
		return 0;
	}

	/**
	 * Cuts the power of a member: in its next sync if one comes within {@code window} (a crash in
	 * the middle of a save), else at once. Writes not synced are lost (a random prefix kept), the
	 * member is cut off, and its server closed without another write.
	 * @return the number of writes lost
	 */
	int crash(long id, RandomGenerator random, Duration window) {
		Member m = member(id);
		Incarnation up = m.current;
		if (up == null) {
			return 0;
		}
		CompletableFuture<Integer> atSync = PowerLoss.crashAtNextSync(m.dir, random);
		int lost;
		try {
			lost = atSync.get(window.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			lost = PowerLoss.crash(m.dir, random);
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		this.proxy.isolate(id);
		m.current = null;
		m.gate.open();
		up.server().close();
		return lost;
	}

	/** Restarts a crashed member from its directory, on a new port, with an empty state machine. */
	void restart(long id) {
		Member m = member(id);
		if (m.current != null) {
			return;
		}
		Wire wire = transport(id);
		this.proxy.retarget(id, wire.transport().localAddress());
		for (long other : this.members.keySet()) {
			if (other != id) {
				this.proxy.heal(id, other);
				this.proxy.heal(other, id);
			}
		}
		launch(m, wire);
	}

	/** Stops a member's apply and storage threads at its gate and holds its traffic: time passes, it does nothing. */
	void pause(long id) {
		member(id).gate.close();
		this.proxy.stall(id);
	}

	void resume(long id) {
		this.proxy.resume(id);
		member(id).gate.open();
	}

	/** Heals the network, resumes every member and restarts the crashed ones. */
	void healAll() {
		this.proxy.healAll();
		for (Member m : this.members.values()) {
			m.gate.open();
			restart(m.id);
		}
	}

	/** A started transport and the router of its events, which the server registers with. */
	private record Wire(NettyTransport transport, TransportEventRouter events) {
	}

	private Wire transport(long id) {
		TransportEventRouter events = new TransportEventRouter();
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, id)
			.bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
			.ioThreads(1)
			.reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
			.snapshotDirectory(this.root)
			.snapshotTimeout(Duration.ofSeconds(2))
			.build(), events);
		transport.start();
		return new Wire(transport, events);
	}

	private void launch(Member m, Wire wire) {
		KvStateMachine stateMachine = new KvStateMachine(m.gate);
		FileStorage storage = FileStorage.open(FileStorageOptions.builder(m.dir).segmentSize(256 * 1024).build());
		RaftServerConfig config = RaftServerConfig.builder(m.id)
			.tickInterval(TICK)
			.electionTick(ELECTION_TICK)
			.heartbeatTick(1)
			.preVote(true)
			.checkQuorum(true)
			.readOnlyOption(this.readOption)
			.snapshot(400, 100)
			.requestTimeout(Duration.ofSeconds(2))
			.logger(new DiscardRaftLogger())
			.build();
		RaftServer server = RaftServer.builder(config)
			.storage(storage)
			.transport(wire.transport(), wire.events(), true)
			.stateMachine(stateMachine)
			.listener(new RaftServerListener() {
				@Override
				public void onPersisted(long nanos, int entries) {
					m.gate.pass();
				}
			})
			.peers(this.proxy.addresses())
			.build();
		server.start();
		m.current = new Incarnation(server, stateMachine);
	}

	@Override
	public void close() {
		List<RuntimeException> errors = new ArrayList<>();
		for (Member m : this.members.values()) {
			m.gate.open();
			Incarnation up = m.current;
			m.current = null;
			if (up != null) {
				try {
					up.server().close();
				}
				catch (RuntimeException ex) {
					errors.add(ex);
				}
			}
		}
		this.proxy.close();
		if (!errors.isEmpty()) {
			throw errors.get(0);
		}
	}

}
