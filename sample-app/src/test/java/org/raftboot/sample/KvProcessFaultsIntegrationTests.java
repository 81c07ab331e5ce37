package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.testkit.linearizability.CheckResult;
import org.raftboot.testkit.linearizability.HistoryRecorder;
import org.raftboot.testkit.linearizability.LinearizabilityChecker;
import org.raftboot.testkit.linearizability.Verdict;

import tools.jackson.databind.JsonNode;

/**
 * The sample as three real processes under a seeded nemesis (SIGKILL and restart on the same data
 * directory, SIGSTOP past the election timeout and SIGCONT), while concurrent clients (most with
 * short timeouts, see {@link KvWorkload}) put, get, delete and compare-and-set through every member. Afterwards every member must
 * converge to the same applied index and state, and the recorded history must be linearizable.
 * {@link FaultRunSettings} says how to replay a seed and how the soak profile lengthens the run.
 */
class KvProcessFaultsIntegrationTests {

	/** Final reads are recorded as clients above the workload's. */
	private static final int FINAL_READER = 1000;

	/**
	 * The definite answers of each kind the fault window must record, per minute of it: about a tenth of
	 * what runs of 45 s recorded (2,233 and 4,793 acknowledged puts, 799 and 1,666 deletes, 275 and 521
	 * swaps, 5,210 reads of a value), so that a run whose clients mostly failed cannot pass on a handful.
	 */
	private static final Map<String, Long> MIN_PER_MINUTE = Map.of("PUT 204", 300L, "DELETE 204", 60L, "GET 200", 300L,
			"CAS 200", 30L);

	@Test
	void everyHistoryIsLinearizableThroughKillsAndPausesAndTheMembersConverge(
			@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path root) throws Exception {
		FaultRunSettings settings = FaultRunSettings.fromSystemProperties();
		FaultSchedule schedule = FaultSchedule.draw(settings.seed(), settings.length(), 3);
		System.out.println("Process faults: " + settings);
		long started = System.nanoTime();
		try (KvCluster cluster = new KvCluster(root, 3)) {
			cluster.startAll();
			cluster.awaitLeader();
			Duration startUp = Duration.ofNanos(System.nanoTime() - started);
			HistoryRecorder recorder = new HistoryRecorder();
			KvWorkload workload = new KvWorkload(cluster.nodes(), settings.keyNames(), recorder);
			Nemesis nemesis = new Nemesis(cluster);
			try (nemesis) {
				nemesis.start(schedule);
				workload.run(settings.clients(), settings.length(), settings.seed());
			}
			SortedMap<String, Long> duringFaults = workload.outcomes();
			long healed = System.nanoTime();
			cluster.awaitLeader();
			awaitConvergence(cluster);
			Duration convergence = Duration.ofNanos(System.nanoTime() - healed);
			for (KvNode node : cluster.nodes()) {
				for (String key : settings.keyNames()) {
					workload.read(FINAL_READER + (int) node.id, node.client, key);
				}
			}
			CheckResult result = new LinearizabilityChecker().check(workload.history(), settings.checkBudget());
			System.out.println("Process faults: " + settings + "\n  faults: " + nemesis.injected() + "\n  kills "
					+ nemesis.kills() + ", pauses " + nemesis.pauses() + ", of the leader " + nemesis.faultsOnLeader() + ", skipped "
					+ nemesis.skipped()
					+ "\n  answers during the faults: " + duringFaults + "\n  cluster up in " + startUp.toMillis() + " ms, converged "
					+ convergence.toMillis() + " ms after healing\n  " + result.describe());

			String replay = settings.toString();
			assertThat(nemesis.errors()).as(replay).isEmpty();
			assertThat(workload.unexpected()).as(replay).isEmpty();
			assertThat(result.verdict()).as(() -> replay + "\n" + result.describe()).isEqualTo(Verdict.LINEARIZABLE);
			assertThat(nemesis.kills()).as(replay).isPositive();
			assertThat(nemesis.pauses()).as(replay).isPositive();
			MIN_PER_MINUTE.forEach((outcome, perMinute) -> assertThat(duringFaults.getOrDefault(outcome, 0L))
				.as("%s answers during the faults, %s", outcome, replay)
				.isGreaterThanOrEqualTo(perMinute * settings.length().toSeconds() / 60));
		}
	}

	/** Waits until every member applied everything committed, at the same index, into the same state. */
	private static void awaitConvergence(KvCluster cluster) {
		await("every member applied the same index into the same state").atMost(KvCluster.START_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> converged(cluster));
	}

	private static boolean converged(KvCluster cluster) {
		Set<Long> applied = new HashSet<>();
		Set<String> states = new HashSet<>();
		for (KvNode node : cluster.nodes()) {
			Optional<JsonNode> status = cluster.status(node);
			KvClient.Response state = node.client.all();
			if (status.isEmpty() || state.status() != 200
					|| status.get().get("applied").asLong() != status.get().get("commit").asLong()) {
				return false;
			}
			applied.add(status.get().get("applied").asLong());
			states.add(state.body());
		}
		return applied.size() == 1 && states.size() == 1;
	}

}
