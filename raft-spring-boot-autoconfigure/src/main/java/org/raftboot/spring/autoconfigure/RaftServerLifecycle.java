package org.raftboot.spring.autoconfigure;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.server.RaftServer;
import org.raftboot.server.ServerStatus;
import org.raftboot.spring.RaftStatusMonitor;
import org.raftboot.transport.Transport;
import org.raftboot.transport.TransportException;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the replica with the application context. Its phase is below the web server's (Boot's
 * {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, {@code DEFAULT_PHASE - 2048}, and
 * graceful shutdown, {@code DEFAULT_PHASE - 1024}): Raft starts before HTTP traffic arrives and stops
 * only after the web server has drained, so in-flight proposals finish. On stop a leader first hands
 * leadership to its most up-to-date follower (bounded by an election timeout), so the cluster does not
 * wait for a timeout to elect the next one.
 */
final class RaftServerLifecycle implements SmartLifecycle {

	/** Below the web server's start/stop phase ({@code Integer.MAX_VALUE - 2048}). */
	static final int PHASE = Integer.MAX_VALUE - 4096;

	private static final Log logger = LogFactory.getLog(RaftServerLifecycle.class);

	private final RaftServer server;

	private final Transport transport;

	private final RaftStatusMonitor monitor;

	private final InetSocketAddress bindAddress;

	private final Duration electionTimeout;

	private volatile boolean running;

	RaftServerLifecycle(RaftServer server, Transport transport, RaftStatusMonitor monitor, InetSocketAddress bindAddress,
			Duration electionTimeout) {
		this.server = server;
		this.transport = transport;
		this.monitor = monitor;
		this.bindAddress = bindAddress;
		this.electionTimeout = electionTimeout;
	}

	@Override
	public void start() {
		try {
			this.transport.start();
		}
		catch (TransportException ex) {
			throw portInUse(ex) ? RaftStartupException.portInUse(this.bindAddress, ex) : ex;
		}
		this.server.start();
		this.monitor.start();
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.monitor.stop();
		handOffLeadership();
		try {
			this.server.close();
		}
		finally {
			this.transport.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** A closed replica cannot resume: pausing the context must not stop it. */
	@Override
	public boolean isPauseable() {
		return false;
	}

	private void handOffLeadership() {
		if (!this.server.isLeader()) {
			return;
		}
		try {
			ServerStatus status = this.server.status().get(this.electionTimeout.toMillis(), TimeUnit.MILLISECONDS);
			long target = 0;
			long best = -1;
			for (Map.Entry<Long, Progress> peer : status.raft().progress().entrySet()) {
				Progress progress = peer.getValue();
				if (peer.getKey() != this.server.id() && !progress.isLearner && progress.match > best) {
					best = progress.match;
					target = peer.getKey();
				}
			}
			if (target != 0) {
				logger.info("Raft replica " + this.server.id() + " hands leadership to " + target + " before stopping");
				this.server.transferLeadership(target).get(this.electionTimeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.info("Raft replica " + this.server.id() + " stops without handing leadership over: " + ex);
		}
	}

	private static boolean portInUse(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
				return true;
			}
		}
		return false;
	}

}
