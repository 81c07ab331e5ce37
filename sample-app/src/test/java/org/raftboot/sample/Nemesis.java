package org.raftboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * Carries out a {@link FaultSchedule} on a running {@link KvCluster}, on a timer thread of its own,
 * while clients keep working; {@link #close()} heals whatever is still broken (continues stopped
 * members, restarts killed ones). A fault is skipped while a member restarted by an earlier one is
 * not serving yet (a JVM can take longer to boot than the schedule's gap on a busy machine), so that
 * one member at most is ever down. A fault that could not be injected is kept in {@link #errors()}.
 */
final class Nemesis implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);

	private final KvCluster cluster;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final Set<KvNode> paused = new HashSet<>();

	private final List<String> errors = new ArrayList<>();

	private final List<String> injected = new ArrayList<>();

	private int kills;

	private int pauses;

	private int onLeader;

	private int skipped;

	Nemesis(KvCluster cluster) {
		this.cluster = cluster;
	}

	void start(FaultSchedule schedule) {
		for (FaultSchedule.Fault fault : schedule.faults()) {
			this.timer.schedule(() -> guarded(fault, () -> begin(fault)), fault.at().toMillis(), TimeUnit.MILLISECONDS);
			this.timer.schedule(() -> guarded(fault, () -> end(fault)), fault.end().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	synchronized int kills() {
		return this.kills;
	}

	synchronized int pauses() {
		return this.pauses;
	}

	/** How many faults were skipped because a restarted member was not serving yet. */
	synchronized int skipped() {
		return this.skipped;
	}

	/** How many faults hit the member that was the leader at that moment. */
	synchronized int faultsOnLeader() {
		return this.onLeader;
	}

	/** Each fault injected, and whether its member was the leader. */
	synchronized List<String> injected() {
		return List.copyOf(this.injected);
	}

	synchronized List<String> errors() {
		return List.copyOf(this.errors);
	}

	private synchronized void begin(FaultSchedule.Fault fault) {
		KvNode node = this.cluster.node(fault.member());
		long leader = 0;
		for (KvNode member : this.cluster.nodes()) {
			KvClient.Response status = new KvClient(member.httpPort, STATUS_TIMEOUT).raftStatus();
			if (status.status() != 200) {
				this.injected.add(fault + " (skipped: node " + member.id + " is not serving yet)");
				this.skipped++;
				return;
			}
			leader = (member == node) ? JSON.readTree(status.body()).get("leader").asLong() : leader;
		}
		if (fault.kind() == FaultSchedule.Fault.Kind.KILL) {
			node.kill();
			this.kills++;
		}
		else {
			node.pause();
			this.paused.add(node);
			this.pauses++;
		}
		this.onLeader += (leader == node.id) ? 1 : 0;
		this.injected.add(fault + ((leader == node.id) ? " (the leader)" : ""));
	}

	private synchronized void end(FaultSchedule.Fault fault) {
		KvNode node = this.cluster.node(fault.member());
		if (fault.kind() == FaultSchedule.Fault.Kind.PAUSE && this.paused.remove(node)) {
			node.resume();
		}
		else if (fault.kind() == FaultSchedule.Fault.Kind.KILL && !node.isAlive()) {
			start(node);
		}
	}

	private void start(KvNode node) {
		try {
			this.cluster.start(node);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void guarded(FaultSchedule.Fault fault, Runnable step) {
		try {
			step.run();
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				this.errors.add(fault + ": " + ex);
			}
		}
	}

	/** Stops injecting, continues every stopped member and restarts every killed one. */
	@Override
	public void close() throws InterruptedException {
		this.timer.shutdownNow();
		if (!this.timer.awaitTermination(1, TimeUnit.MINUTES)) {
			throw new IllegalStateException("the nemesis did not stop");
		}
		synchronized (this) {
			this.paused.forEach(KvNode::resume);
			this.paused.clear();
			for (KvNode node : this.cluster.nodes()) {
				if (!node.isAlive()) {
					start(node);
				}
			}
		}
	}

}
