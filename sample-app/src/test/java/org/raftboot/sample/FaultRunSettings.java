package org.raftboot.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long and how hard a process-level fault run goes, from system properties: {@code faults.seed}
 * replays a run's faults and client choices (a fresh seed otherwise), and {@code soak.minutes} (set by
 * the {@code soak} Maven profile) turns the 45-second run of the normal build into a soak with more
 * clients and keys.
 *
 * @param seed the seed of the fault schedule and of the clients' choices
 * @param length how long clients run while faults are injected
 * @param clients how many concurrent clients
 * @param keys how many keys they share
 * @param checkBudget how long the linearizability checker may take before saying "unknown"
 * @param soak whether this is a soak run
 */
record FaultRunSettings(long seed, Duration length, int clients, int keys, Duration checkBudget, boolean soak) {

	static FaultRunSettings fromSystemProperties() {
		String seed = System.getProperty("faults.seed", "").strip();
		long chosen = seed.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed);
		String minutes = System.getProperty("soak.minutes", "").strip();
		if (minutes.isEmpty()) {
			return new FaultRunSettings(chosen, Duration.ofSeconds(45), 8, 8, Duration.ofMinutes(2), false);
		}
		return new FaultRunSettings(chosen, Duration.ofMinutes(Long.parseLong(minutes)), 16, 32, Duration.ofMinutes(15), true);
	}

	List<String> keyNames() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < this.keys; i++) {
			names.add("k" + i);
		}
		return names;
	}

	@Override
	public String toString() {
		return (this.soak ? "soak" : "run") + " of " + this.length.toSeconds() + " s, " + this.clients + " clients, "
				+ this.keys + " keys, seed " + this.seed + " (replay with -Dfaults.seed=" + this.seed + ")";
	}

}
