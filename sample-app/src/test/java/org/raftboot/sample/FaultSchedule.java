package org.raftboot.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one run, decided up front from a seed so that a failing seed replays exactly the same
 * faults at the same moments. One member is faulty at a time, so the other two keep a quorum and the
 * cluster has to keep serving through every fault. A schedule starts with a pause and then a kill, so
 * that both kinds happen early in every run.
 *
 * @param seed the seed it was drawn from
 * @param faults the faults in the order they start
 */
record FaultSchedule(long seed, List<Fault> faults) {

	/** Longer than the sample's largest randomized election timeout (2 x 10 ticks of 50 ms). */
	static final Duration MIN_PAUSE = Duration.ofMillis(1500);

	private static final Duration WARM_UP = Duration.ofSeconds(3);

	/** Room for the last restarted member to boot and catch up while the clients still run. */
	private static final Duration QUIET_END = Duration.ofSeconds(10);

	FaultSchedule {
		faults = List.copyOf(faults);
	}

	/** Draws the faults of a run of {@code length} over members {@code 1..members}. */
	static FaultSchedule draw(long seed, Duration length, int members) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Fault> faults = new ArrayList<>();
		long at = WARM_UP.toMillis();
		long end = length.minus(QUIET_END).toMillis();
		while (true) {
			Fault.Kind kind = switch (faults.size()) {
				case 0 -> Fault.Kind.PAUSE;
				case 1 -> Fault.Kind.KILL;
				default -> random.nextBoolean() ? Fault.Kind.KILL : Fault.Kind.PAUSE;
			};
			long lasting = (kind == Fault.Kind.KILL) ? random.nextLong(500, 3000)
					: random.nextLong(MIN_PAUSE.toMillis(), 4000);
			if (at + lasting > end) {
				break;
			}
			faults.add(new Fault(kind, 1 + random.nextInt(members), Duration.ofMillis(at), Duration.ofMillis(lasting)));
			at += lasting + random.nextLong(1000, 4000);
		}
		return new FaultSchedule(seed, faults);
	}

	long count(Fault.Kind kind) {
		return this.faults.stream().filter((fault) -> fault.kind() == kind).count();
	}

	/**
	 * One fault: a member killed with SIGKILL and restarted on its data directory after
	 * {@code lasting}, or stopped with SIGSTOP and continued after {@code lasting}.
	 *
	 * @param kind what happens to the member
	 * @param member the member's id
	 * @param at when it starts, from the start of the run
	 * @param lasting how long the member stays down or stopped
	 */
	record Fault(Kind kind, long member, Duration at, Duration lasting) {

		enum Kind {

			KILL, PAUSE

		}

		Duration end() {
			return this.at.plus(this.lasting);
		}

		@Override
		public String toString() {
			return this.kind + " node " + this.member + " at " + this.at.toMillis() + " ms for " + this.lasting.toMillis() + " ms";
		}

	}

}
