package org.raftboot.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The schedule of faults is a function of the seed, fits the run, and pauses outlast an election. */
class NemesisTests {

	private static final List<Long> MEMBERS = List.of(1L, 2L, 3L, 4L, 5L);

	@Test
	void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOne() {
		Duration run = Duration.ofSeconds(30);
		assertThat(Nemesis.schedule(42, MEMBERS, run)).isEqualTo(Nemesis.schedule(42, MEMBERS, run))
			.isNotEqualTo(Nemesis.schedule(43, MEMBERS, run));
	}

	@Test
	void aScheduleFitsItsRunAndPausesLastLongerThanAnElectionTimeout() {
		Duration electionTimeout = FaultCluster.TICK.multipliedBy(FaultCluster.ELECTION_TICK);
		Set<Fault> seen = EnumSet.noneOf(Fault.class);
		for (long seed = 0; seed < 50; seed++) {
			List<Episode> schedule = Nemesis.schedule(seed, MEMBERS, Duration.ofSeconds(30));
			Duration total = schedule.stream().map((e) -> e.hold().plus(e.quiet())).reduce(Duration.ZERO, Duration::plus);
			assertThat(total).isLessThanOrEqualTo(Duration.ofSeconds(30)).isGreaterThan(Duration.ofSeconds(25));
			for (Episode episode : schedule) {
				seen.add(episode.fault());
				assertThat(episode.order()).containsExactlyInAnyOrderElementsOf(MEMBERS);
				if (episode.fault() == Fault.PAUSE || episode.fault() == Fault.PAUSE_LEADER) {
					assertThat(episode.hold()).isGreaterThanOrEqualTo(electionTimeout.multipliedBy(2));
				}
			}
		}
		assertThat(seen).containsExactlyInAnyOrder(Fault.values());
	}

}
