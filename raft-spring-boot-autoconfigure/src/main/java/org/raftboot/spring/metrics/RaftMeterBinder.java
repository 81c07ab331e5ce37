package org.raftboot.spring.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerListener;
import org.raftboot.server.ServerStatus;
import org.raftboot.spring.RaftProposalObserver;
import org.raftboot.spring.RaftStatusMonitor;
import org.raftboot.transport.PeerMetrics;
import org.raftboot.transport.Transport;

/**
 * The replica's meters, all tagged {@code node}: gauges {@code raft.term}, {@code raft.commit.index},
 * {@code raft.applied.index}, {@code raft.leader} (1 while leading); counters {@code raft.leader.changes}
 * and {@code raft.snapshots} ({@code kind} taken|sent|received); the timers {@code raft.proposals}
 * ({@code result} committed|dropped|failed) and {@code raft.storage.persist} (each Ready's write and
 * sync); per {@code peer}, counters {@code raft.transport.messages} and {@code raft.transport.bytes}
 * ({@code direction} sent|received, {@code outcome} ok|dropped). Leader changes and persist latency come
 * from the replica's {@link RaftServerListener} callbacks, the gauges from the status monitor.
 *
 * @since 0.1.0
 */
public class RaftMeterBinder implements MeterBinder, RaftProposalObserver {

	private final RaftStatusMonitor monitor;

	private final Transport transport;

	private final RaftServer server;

	private final AtomicLong leaderChanges = new AtomicLong();

	private final List<Timer> persistTimers = new CopyOnWriteArrayList<>();

	private final Tags tags;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Set<Long> peersBound = ConcurrentHashMap.newKeySet();

	public RaftMeterBinder(RaftStatusMonitor monitor, Transport transport, RaftServer server) {
		this.monitor = monitor;
		this.transport = transport;
		this.server = server;
		this.tags = Tags.of("node", Long.toString(server.id()));
		monitor.addListener(this::bindPeers);
		server.addListener(new ServerCallbacks());
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		gauge(registry, "raft.term", "Current term", (s) -> s.raft().term());
		gauge(registry, "raft.commit.index", "Highest log index known committed", (s) -> s.raft().commit());
		gauge(registry, "raft.applied.index", "Highest log index applied to the application", ServerStatus::lastApplied);
		gauge(registry, "raft.leader", "1 while this replica leads, else 0", (s) -> s.isLeader() ? 1 : 0);
		FunctionCounter.builder("raft.leader.changes", this.leaderChanges, AtomicLong::get)
			.description("Leader changes seen by this replica (to a known leader)")
			.tags(this.tags)
			.register(registry);
		snapshots(registry, "taken", this.server, RaftServer::snapshotsTaken);
		snapshots(registry, "received", this.server, RaftServer::snapshotsReceived);
		snapshots(registry, "sent", this.transport, (t) -> sumPeers(t, PeerMetrics::snapshotsSent));
		this.persistTimers.add(Timer.builder("raft.storage.persist")
			.description("Writing and syncing one Ready's entries, hard state and snapshot to the storage")
			.tags(this.tags)
			.register(registry));
		for (RaftProposalObserver.Outcome outcome : RaftProposalObserver.Outcome.values()) {
			proposals(registry, outcome);
		}
		this.transport.metrics().peers().keySet().forEach((peer) -> bindPeer(registry, peer));
	}

	@Override
	public void onProposal(Duration latency, Outcome outcome) {
		for (MeterRegistry registry : this.registries) {
			proposals(registry, outcome).record(latency);
		}
	}

	private <T> void snapshots(MeterRegistry registry, String kind, T source, ToDoubleFunction<T> count) {
		FunctionCounter.builder("raft.snapshots", source, count)
			.description("Snapshots taken by this replica, received from a leader, or sent to peers")
			.tags(this.tags)
			.tag("kind", kind)
			.register(registry);
	}

	private Timer proposals(MeterRegistry registry, Outcome outcome) {
		return Timer.builder("raft.proposals")
			.description("Proposals made through RaftTemplate, by outcome, and how long they took")
			.tags(this.tags)
			.tag("result", outcome.name().toLowerCase(Locale.ROOT))
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ServerStatus> value) {
		Gauge.builder(name, this.monitor, (m) -> {
			ServerStatus status = m.latest();
			return (status != null) ? value.applyAsDouble(status) : Double.NaN;
		}).description(description).tags(this.tags).register(registry);
	}

	private void bindPeers(ServerStatus status) {
		for (Long peer : status.peers().keySet()) {
			if (!this.peersBound.contains(peer)) {
				this.registries.forEach((registry) -> bindPeer(registry, peer));
			}
		}
	}

	private void bindPeer(MeterRegistry registry, long peer) {
		this.peersBound.add(peer);
		Tags peerTags = this.tags.and("peer", Long.toString(peer));
		transportCounter(registry, "raft.transport.messages", null, peerTags.and("direction", "sent", "outcome", "ok"), peer,
				PeerMetrics::messagesSent);
		transportCounter(registry, "raft.transport.messages", null,
				peerTags.and("direction", "received", "outcome", "ok"), peer, PeerMetrics::messagesReceived);
		transportCounter(registry, "raft.transport.messages", null,
				peerTags.and("direction", "sent", "outcome", "dropped"), peer, PeerMetrics::messagesDropped);
		transportCounter(registry, "raft.transport.bytes", "bytes", peerTags.and("direction", "sent", "outcome", "ok"), peer,
				PeerMetrics::bytesSent);
		transportCounter(registry, "raft.transport.bytes", "bytes", peerTags.and("direction", "received", "outcome", "ok"),
				peer, PeerMetrics::bytesReceived);
		transportCounter(registry, "raft.transport.bytes", "bytes", peerTags.and("direction", "sent", "outcome", "dropped"),
				peer, PeerMetrics::bytesDropped);
	}

	private void transportCounter(MeterRegistry registry, String name, @Nullable String unit,
			Tags meterTags, long peer, ToLongFunction<PeerMetrics> value) {
		FunctionCounter.builder(name, this.transport, (t) -> {
			PeerMetrics metrics = t.metrics().peers().get(peer);
			return (metrics != null) ? value.applyAsLong(metrics) : 0;
		}).description("Raft messages and bytes exchanged with a peer").baseUnit(unit).tags(meterTags).register(registry);
	}

	private static double sumPeers(Transport transport, ToLongFunction<PeerMetrics> value) {
		return transport.metrics().peers().values().stream().mapToLong(value).sum();
	}

	/** Counts leader changes and times the storage writes, on the apply thread. */
	private final class ServerCallbacks implements RaftServerListener {

		@Override
		public void onLeaderChanged(long term, long oldLeader, long newLeader) {
			if (newLeader != 0) {
				RaftMeterBinder.this.leaderChanges.incrementAndGet();
			}
		}

		@Override
		public void onPersisted(long nanos, int entries) {
			List<Timer> timers = RaftMeterBinder.this.persistTimers;
			for (int i = 0, n = timers.size(); i < n; i++) {
				timers.get(i).record(nanos, TimeUnit.NANOSECONDS);
			}
		}

	}

}
