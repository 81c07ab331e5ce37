package org.raftboot.raft.confchange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.tracker.ProgressTracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RestoreTests {

	private final SplittableRandom random = new SplittableRandom(31337L);

	/** Restores {@code cs} into a fresh tracker and returns the ConfState the tracker reports. */
	private static ConfState roundTrip(ConfState cs) {
		ProgressTracker tracker = new ProgressTracker(20, 0);
		Changer.Result result = Restore.restore(new Changer(tracker, 10), cs);
		assertThat(tracker.config.voters.ids()).as("the changer's tracker is untouched").isEmpty();
		assertThat(tracker.progress.isEmpty()).isTrue();
		tracker.config = result.config();
		tracker.progress = result.progress();
		return tracker.confState();
	}

	private static ConfState sorted(ConfState cs) {
		return ConfState.newBuilder()
			.addAllVoters(cs.getVotersList().stream().sorted().toList())
			.addAllVotersOutgoing(cs.getVotersOutgoingList().stream().sorted().toList())
			.addAllLearners(cs.getLearnersList().stream().sorted().toList())
			.addAllLearnersNext(cs.getLearnersNextList().stream().sorted().toList())
			.setAutoLeave(cs.getAutoLeave())
			.build();
	}

	private static void assertRoundTrips(ConfState cs) {
		ConfState restored = roundTrip(cs);
		assertThat(restored).isEqualTo(sorted(cs));
		assertThat(ConfChanges.equivalent(cs, restored)).isTrue();
		assertThat(ConfChanges.equivalent(restored, cs)).isTrue();
	}

	@Test
	void handPickedConfStatesRoundTrip() {
		assertRoundTrips(ConfState.getDefaultInstance());
		assertRoundTrips(ConfState.newBuilder().addAllVoters(List.of(1L, 2L, 3L)).build());
		assertRoundTrips(ConfState.newBuilder().addAllVoters(List.of(1L, 2L, 3L)).addAllLearners(List.of(4L, 5L, 6L)).build());
		assertRoundTrips(ConfState.newBuilder()
			.addAllVoters(List.of(1L, 2L, 3L))
			.addLearners(5)
			.addAllVotersOutgoing(List.of(1L, 2L, 4L, 6L))
			.addLearnersNext(4)
			.build());
	}

	@Test
	void newPeersAreProbedFromTheLastIndex() {
		Changer.Result result = Restore.restore(new Changer(new ProgressTracker(20, 0), 10),
				ConfState.newBuilder().addVoters(1).addLearners(2).build());
		assertThat(result.progress()).hasToString("1: StateProbe match=0 next=10\n2: StateProbe match=0 next=10 learner\n");
	}

	@Test
	void aConfStateWithoutVotersIsRejected() {
		ConfState learnersOnly = ConfState.newBuilder().addLearners(1).build();
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> Restore.restore(new Changer(new ProgressTracker(20, 0), 10), learnersOnly))
			.withMessage("removed all voters");
	}

	@Test
	void randomValidConfStatesRoundTrip() {
		for (int round = 0; round < 1_000; round++) {
			assertRoundTrips(randomConfState());
		}
	}

	/** A random valid ConfState (etcd's generator): disjoint voters, learners and removed voters. */
	private ConfState randomConfState() {
		int voters = 1 + this.random.nextInt(5);
		int learners = this.random.nextInt(5);
		int removedVoters = this.random.nextInt(3);
		List<Long> ids = shuffledIds(2 * (voters + learners + removedVoters));
		ConfState.Builder cs = ConfState.newBuilder().addAllVoters(ids.subList(0, voters));
		List<Long> rest = ids.subList(voters, ids.size());
		cs.addAllLearners(rest.subList(0, learners));
		rest = rest.subList(learners, rest.size());
		int retained = this.random.nextInt(voters + 1);
		cs.addAllVotersOutgoing(ids.subList(0, retained)).addAllVotersOutgoing(rest.subList(0, removedVoters));
		if (removedVoters > 0) {
			cs.addAllLearnersNext(rest.subList(0, this.random.nextInt(removedVoters + 1)));
		}
		cs.setAutoLeave(cs.getVotersOutgoingCount() > 0 && this.random.nextBoolean());
		return cs.build();
	}

	private List<Long> shuffledIds(int n) {
		List<Long> ids = new ArrayList<>(LongStream.rangeClosed(1, n).boxed().toList());
		IntStream.range(0, n).forEach((i) -> java.util.Collections.swap(ids, i, i + this.random.nextInt(n - i)));
		return ids;
	}

}
