package org.raftboot.spring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.raftboot.server.RaftServer;
import org.raftboot.server.ServerStatus;

/**
 * Looks at the replica's status once per interval (auto-configured: an election timeout) and keeps the
 * latest picture, for the health indicator and the gauges, which must never wait for the Raft loop.
 * Changes themselves (configuration, leader, role) are not polled: the replica reports them through
 * its {@code RaftServerListener}. A listener that throws is logged and the looks go on.
 *
 * @since 0.1.0
 */
public final class RaftStatusMonitor {

	private static final Log logger = LogFactory.getLog(RaftStatusMonitor.class);

	private final RaftServer server;

	private final Duration interval;

	private final List<Consumer<ServerStatus>> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable ServerStatus latest;

	private volatile @Nullable Throwable failure;

	private @Nullable ScheduledExecutorService timer;

	public RaftStatusMonitor(RaftServer server, Duration interval) {
		this.server = server;
		this.interval = interval;
	}

	/** The latest status seen, or {@code null} before the replica runs. */
	public @Nullable ServerStatus latest() {
		return this.latest;
	}

	/**
	 * Why the last look failed, or {@code null} when it succeeded: the replica stopped (a
	 * {@code RaftCommittedEvent} listener threw, or it was closed) or did not answer within ten intervals.
	 * {@link #latest()} is then out of date.
	 */
	public @Nullable Throwable failure() {
		return this.failure;
	}

	/** How often the status is looked at. */
	public Duration interval() {
		return this.interval;
	}

	/**
	 * Calls {@code listener} with every status seen, on the monitor's thread; an exception it throws is
	 * logged at WARN.
	 */
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
			this.failure = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
			return;
		}
		this.latest = status;
		this.failure = null;
		for (Consumer<ServerStatus> listener : this.listeners) {
			try {
				listener.accept(status);
			}
			catch (RuntimeException ex) {
				// One bad listener must not end the looks (an exception would cancel the timer's task).
				logger.warn("Raft status listener " + listener + " failed", ex);
			}
		}
	}

}
