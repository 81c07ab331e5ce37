package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class FaultScheduleTests {

	private static final Duration RUN = Duration.ofSeconds(45);

	@Test
	void theSameSeedDrawsTheSameFaultsAndAnotherSeedOthers() {
		assertThat(FaultSchedule.draw(42, RUN, 3)).isEqualTo(FaultSchedule.draw(42, RUN, 3));
		assertThat(FaultSchedule.draw(42, RUN, 3).faults()).isNotEqualTo(FaultSchedule.draw(43, RUN, 3).faults());
	}

	@Test
	void everyScheduleKillsAndPausesOneMemberAtATimeWithinTheRun() {
		for (long seed = 0; seed < 500; seed++) {
			FaultSchedule schedule = FaultSchedule.draw(seed, RUN, 3);
			List<FaultSchedule.Fault> faults = schedule.faults();
			assertThat(schedule.count(FaultSchedule.Fault.Kind.KILL)).as("seed %d", seed).isPositive();
			assertThat(schedule.count(FaultSchedule.Fault.Kind.PAUSE)).as("seed %d", seed).isPositive();
			for (int i = 0; i < faults.size(); i++) {
				FaultSchedule.Fault fault = faults.get(i);
				assertThat(fault.member()).isBetween(1L, 3L);
				assertThat(fault.end()).isLessThanOrEqualTo(RUN);
				if (fault.kind() == FaultSchedule.Fault.Kind.PAUSE) {
					assertThat(fault.lasting()).isGreaterThanOrEqualTo(FaultSchedule.MIN_PAUSE);
				}
				if (i > 0) {
					assertThat(fault.at()).as("seed %d", seed).isGreaterThan(faults.get(i - 1).end());
				}
			}
		}
	}

	@Test
	void aLongerRunDrawsMoreFaults() {
		assertThat(FaultSchedule.draw(7, Duration.ofMinutes(30), 3).faults().size())
			.isGreaterThan(10 * FaultSchedule.draw(7, RUN, 3).faults().size());
	}

}
