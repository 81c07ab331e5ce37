package org.raftboot.spring;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Status;
import org.raftboot.raft.tracker.TrackerConfig;
import org.raftboot.server.RaftServer;
import org.raftboot.server.ServerStatus;
import org.raftboot.spring.event.RaftConfChangeEvent;
import org.raftboot.spring.event.RaftLeaderChangedEvent;
import org.raftboot.spring.event.RaftRoleChangedEvent;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Looks at the replica's status once per tick: keeps the latest picture for health and metrics (which
 * must never wait for the Raft loop) and publishes {@link RaftLeaderChangedEvent},
 * {@link RaftRoleChangedEvent} and {@link RaftConfChangeEvent} when it sees a change.
 *
 * @since 0.1.0
 */
public final class RaftStatusMonitor {

	private static final Log logger = LogFactory.getLog(RaftStatusMonitor.class);

	private final RaftServer server;

	private final ApplicationEventPublisher publisher;

	private final Duration interval;

	private final List<Consumer<ServerStatus>> listeners = new CopyOnWriteArrayList<>();

	private final AtomicLong leaderChanges = new AtomicLong();

	private final AtomicLong snapshotsTaken = new AtomicLong();

	private volatile @Nullable ServerStatus latest;

	private @Nullable ScheduledExecutorService timer;

	public RaftStatusMonitor(RaftServer server, ApplicationEventPublisher publisher, Duration interval) {
		this.server = server;
		this.publisher = publisher;
		this.interval = interval;
	}

	/** The latest status seen, or {@code null} before the replica runs. */
	public @Nullable ServerStatus latest() {
		return this.latest;
	}

	/** How many times this replica saw the leader change. */
	public long leaderChanges() {
		return this.leaderChanges.get();
	}

	/** How many snapshots this replica took (or installed) while monitored. */
	public long snapshotsTaken() {
		return this.snapshotsTaken.get();
	}

	/** Calls {@code listener} with every status seen, on the monitor's thread. */
	public void addListener(Consumer<ServerStatus> listener) {
		this.listeners.add(listener);
	}

	/** Starts looking, once per interval. */
	public synchronized void start() {
		if (this.timer != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "raft-monitor-" + Long.toHexString(this.server.id()));
			thread.setDaemon(true);
			return thread;
		});
		long period = this.interval.toNanos();
		executor.scheduleWithFixedDelay(this::refresh, 0, period, TimeUnit.NANOSECONDS);
		this.timer = executor;
	}

	/** Stops looking; the latest status stays readable. */
	public synchronized void stop() {
		ScheduledExecutorService executor = this.timer;
		if (executor != null) {
			executor.shutdownNow();
			this.timer = null;
		}
	}

	/** Takes one look now (also what the timer runs). */
	void refresh() {
		ServerStatus status;
		try {
			status = this.server.status().get(this.interval.toNanos() * 10 + TimeUnit.SECONDS.toNanos(1),
					TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (Exception ex) {
			logger.debug("Raft status not available", ex);
			return;
		}
		ServerStatus previous = this.latest;
		this.latest = status;
		publishChanges(previous, status);
		for (Consumer<ServerStatus> listener : this.listeners) {
			listener.accept(status);
		}
	}

	private void publishChanges(@Nullable ServerStatus previous, ServerStatus current) {
		Status now = current.raft();
		if (previous == null) {
			if (now.lead() != 0) {
				this.leaderChanges.incrementAndGet();
				this.publisher.publishEvent(new RaftLeaderChangedEvent(now.term(), 0, now.lead()));
			}
			return;
		}
		Status before = previous.raft();
		if (before.raftState() != now.raftState()) {
			this.publisher.publishEvent(new RaftRoleChangedEvent(now.term(), before.raftState(), now.raftState()));
		}
		if (before.lead() != now.lead()) {
			this.leaderChanges.incrementAndGet();
			this.publisher.publishEvent(new RaftLeaderChangedEvent(now.term(), before.lead(), now.lead()));
		}
		if (!sameMembers(before.config(), now.config())) {
			TrackerConfig config = now.config();
			this.publisher.publishEvent(new RaftConfChangeEvent(current.lastApplied(), now.term(),
					ids(config.voters.incoming().slice()), config.learners, ids(config.voters.outgoing().slice())));
		}
		if (current.snapshotIndex() != previous.snapshotIndex()) {
			this.snapshotsTaken.incrementAndGet();
		}
	}

	private static boolean sameMembers(TrackerConfig a, TrackerConfig b) {
		return a.voters.toString().equals(b.voters.toString()) && a.learners.equals(b.learners);
	}

	private static Set<Long> ids(long[] ids) {
		Set<Long> set = new TreeSet<>();
		for (long id : ids) {
			set.add(id);
		}
		return set;
	}

}
