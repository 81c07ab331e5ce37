package org.raftboot.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Injects a schedule of faults into a {@link FaultCluster}, one episode after another: the fault,
 * held for its time, then everything healed (network healed, paused members resumed, crashed ones
 * restarted) and a quiet spell. The schedule is a function of the seed alone; only which member
 * leads when a fault targets "the leader" depends on the run.
 */
final class Nemesis {

	private static final Map<Fault, Integer> WEIGHTS = new EnumMap<>(Map.of(Fault.CRASH, 2, Fault.CRASH_LEADER, 2,
			Fault.CRASH_ALL, 1, Fault.PAUSE, 1, Fault.PAUSE_LEADER, 2, Fault.ISOLATE_LEADER, 2, Fault.SPLIT, 2,
			Fault.BRIDGE, 2, Fault.ONE_WAY, 2, Fault.DELAY, 1));

	/** How long a crash waits for the member's next sync, to cut the power in the middle of a save. */
	private static final Duration SYNC_WINDOW = Duration.ofMillis(300);

	private final FaultCluster cluster;

	private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);

	private int writesLost;

	Nemesis(FaultCluster cluster) {
		this.cluster = cluster;
	}

	/** Episodes drawn from {@code seed} as long as their holds and quiet spells fit in {@code total}. */
	static List<Episode> schedule(long seed, List<Long> members, Duration total) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Fault> deck = new ArrayList<>();
		WEIGHTS.forEach((fault, weight) -> deck.addAll(Collections.nCopies(weight, fault)));
		long electionTimeout = FaultCluster.TICK.toMillis() * FaultCluster.ELECTION_TICK;
		List<Episode> episodes = new ArrayList<>();
		Duration planned = Duration.ZERO;
		while (planned.compareTo(total) < 0) {
			Fault fault = deck.get(random.nextInt(deck.size()));
			boolean pause = fault == Fault.PAUSE || fault == Fault.PAUSE_LEADER;
			Duration hold = Duration.ofMillis(pause ? random.nextLong(2 * electionTimeout, 5 * electionTimeout)
					: random.nextLong(800, 2500));
			Duration quiet = Duration.ofMillis(random.nextLong(400, 1200));
			List<Long> order = new ArrayList<>(members);
			for (int i = order.size() - 1; i > 0; i--) {
				Collections.swap(order, i, random.nextInt(i + 1));
			}
			Episode episode = new Episode(fault, hold, quiet, List.copyOf(order), random.nextLong());
			planned = planned.plus(hold).plus(quiet);
			if (planned.compareTo(total) > 0 && !episodes.isEmpty()) {
				break;
			}
			episodes.add(episode);
		}
		return episodes;
	}

	void run(List<Episode> episodes) {
		for (Episode episode : episodes) {
			inject(episode);
			this.injected.merge(episode.fault(), 1, Integer::sum);
			waitFor(episode.hold());
			this.cluster.healAll();
			waitFor(episode.quiet());
		}
	}

	/** The faults injected so far, by kind. */
	Map<Fault, Integer> injected() {
		return new EnumMap<>(this.injected);
	}

	/** The writes (not yet synced) that power losses threw away. */
	int writesLost() {
		return this.writesLost;
	}

	private void inject(Episode episode) {
		SplittableRandom random = new SplittableRandom(episode.seed());
		List<Long> order = episode.order();
		FaultProxy proxy = this.cluster.proxy();
		switch (episode.fault()) {
			case CRASH -> this.writesLost += this.cluster.crash(order.get(0), random, SYNC_WINDOW);
			case CRASH_LEADER -> this.writesLost += this.cluster.crash(leaderOr(order), random, SYNC_WINDOW);
			case CRASH_ALL -> order.forEach((id) -> this.writesLost += this.cluster.crash(id, random, Duration.ZERO));
			case PAUSE -> this.cluster.pause(order.get(0));
			case PAUSE_LEADER -> this.cluster.pause(leaderOr(order));
			case ISOLATE_LEADER -> proxy.isolate(leaderOr(order));
			case SPLIT -> {
				int minority = (order.size() - 1) / 2;
				proxy.partition(List.of(Set.copyOf(order.subList(0, minority)), Set.copyOf(order.subList(minority,
						order.size()))));
			}
			case BRIDGE -> {
				int half = (order.size() + 1) / 2;
				proxy.partition(List.of(Set.copyOf(order.subList(1, half)), Set.copyOf(order.subList(half,
						order.size()))));
			}
			case ONE_WAY -> {
				long leader = leaderOr(order);
				boolean out = random.nextBoolean();
				for (long other : order) {
					if (other != leader) {
						proxy.drop(out ? leader : other, out ? other : leader);
					}
				}
			}
			case DELAY -> {
				for (long from : order) {
					for (long to : order) {
						if (from != to) {
							proxy.delay(from, to, Duration.ofMillis(random.nextInt(101)));
						}
					}
				}
			}
		}
	}

	private long leaderOr(List<Long> order) {
		long leader = this.cluster.leader();
		return (leader != 0) ? leader : order.get(0);
	}

	/** Lets a fault (or the quiet after it) last its time: the schedule is paced by the wall clock. */
	private static void waitFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

}
