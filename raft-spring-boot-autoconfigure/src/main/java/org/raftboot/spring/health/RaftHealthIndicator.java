package org.raftboot.spring.health;

import org.raftboot.raft.Status;
import org.raftboot.server.ServerStatus;
import org.raftboot.spring.RaftStatusMonitor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when this replica knows a leader and has applied all but at most {@code maxAppliedLag} committed
 * entries; DOWN otherwise, with the reason, also when the monitor's last look failed (a stopped replica
 * must not be reported by its last status). Reads the monitor's latest status and never waits for the
 * Raft loop. Meant for the readiness group only: a lost quorum is not cured by restarting replicas.
 *
 * @since 0.1.0
 */
public class RaftHealthIndicator extends AbstractHealthIndicator {

	private final RaftStatusMonitor monitor;

	private final long maxAppliedLag;

	public RaftHealthIndicator(RaftStatusMonitor monitor, long maxAppliedLag) {
		super("Raft health check failed");
		this.monitor = monitor;
		this.maxAppliedLag = maxAppliedLag;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Throwable failure = this.monitor.failure();
		if (failure != null) {
			builder.down(failure).withDetail("reason", "the Raft replica stopped or does not answer");
			return;
		}
		ServerStatus status = this.monitor.latest();
		if (status == null) {
			builder.down().withDetail("reason", "the Raft replica is not running");
			return;
		}
		Status raft = status.raft();
		long lag = raft.commit() - status.lastApplied();
		if (raft.lead() == 0) {
			builder.down().withDetail("reason", "no leader known");
		}
		else if (lag > this.maxAppliedLag) {
			builder.down().withDetail("reason", "applied index lags the commit index by " + lag + " entries (more than "
					+ this.maxAppliedLag + ")");
		}
		else {
			builder.up();
		}
		builder.withDetail("id", raft.id())
			.withDetail("state", raft.raftState().name())
			.withDetail("leader", raft.lead())
			.withDetail("term", raft.term())
			.withDetail("commit", raft.commit())
			.withDetail("applied", status.lastApplied());
	}

}
