package org.raftboot.raft.confchange;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.tracker.Inflights;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressTracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ChangerTests {

	private final ProgressTracker tracker = new ProgressTracker(10, 0);

	/** Applies the result of {@code change} to the tracker, as raft does. */
	private void install(Changer.Result result) {
		this.tracker.config = result.config();
		this.tracker.progress = result.progress();
	}

	private Changer changer(long lastIndex) {
		return new Changer(this.tracker, lastIndex);
	}

	private String state() {
		return this.tracker.config + "\n" + this.tracker.progress;
	}

	@Test
	void aSimpleChangeAddsAVoterProbingFromTheLastIndex() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		install(changer(7).simple(ConfChanges.fromString("l2")));
		assertThat(state()).isEqualTo("voters=(1) learners=(2)\n1: StateProbe match=0 next=1\n"
				+ "2: StateProbe match=0 next=7 learner\n");
		assertThat(this.tracker.progress.get(2).inflights).isNotNull();
	}

	@Test
	void aSimpleChangeMayAlterOnlyOneVoter() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> changer(1).simple(ConfChanges.fromString("v2 v3")))
			.withMessage("more than one voter changed without entering joint config");
		install(changer(1).simple(ConfChanges.fromString("v2 l3 l4")));
		assertThat(this.tracker.config).hasToString("voters=(1 2) learners=(3 4)");
	}

	@Test
	void theLastVoterCannotBeRemoved() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> changer(1).simple(ConfChanges.fromString("r1")))
			.withMessage("removed all voters");
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> changer(1).simple(ConfChanges.fromString("l1")))
			.withMessage("removed all voters");
	}

	@Test
	void jointChangesMustAlternateBetweenEnteringAndLeaving() {
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> changer(0).enterJoint(false, ConfChanges.fromString("v1")))
			.withMessage("can't make a zero-voter config joint");
		assertThatExceptionOfType(ConfChangeException.class).isThrownBy(() -> changer(0).leaveJoint())
			.withMessage("can't leave a non-joint config");
		install(changer(0).simple(ConfChanges.fromString("v1")));
		install(changer(1).enterJoint(true, ConfChanges.fromString("v2 v3")));
		assertThat(this.tracker.config).hasToString("voters=(1 2 3)&&(1) autoleave");
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> changer(2).enterJoint(false, ConfChanges.fromString("v4")))
			.withMessage("config is already joint");
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> changer(2).simple(ConfChanges.fromString("v4")))
			.withMessage("can't apply simple config change in joint config");
		install(changer(2).leaveJoint());
		assertThat(this.tracker.config).hasToString("voters=(1 2 3)");
	}

	@Test
	void aDemotedVoterWaitsInLearnersNextUntilTheJointConfigIsLeft() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		install(changer(0).simple(ConfChanges.fromString("v2")));
		install(changer(0).enterJoint(false, ConfChanges.fromString("l2 v3")));
		assertThat(state()).isEqualTo("voters=(1 3)&&(1 2) learners_next=(2)\n1: StateProbe match=0 next=1\n"
				+ "2: StateProbe match=0 next=1\n3: StateProbe match=0 next=1\n");
		install(changer(0).leaveJoint());
		assertThat(state()).isEqualTo("voters=(1 3) learners=(2)\n1: StateProbe match=0 next=1\n"
				+ "2: StateProbe match=0 next=1 learner\n3: StateProbe match=0 next=1\n");
	}

	@Test
	void aRemovedVoterKeepsItsProgressWhileStillOutgoing() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		install(changer(0).simple(ConfChanges.fromString("v2")));
		install(changer(0).enterJoint(false, ConfChanges.fromString("r2")));
		assertThat(this.tracker.progress.ids()).containsExactly(1L, 2L);
		install(changer(0).leaveJoint());
		assertThat(this.tracker.progress.ids()).containsExactly(1L);
	}

	@Test
	void nodeZeroIsIgnoredAndUpdatesChangeNothing() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		String before = state();
		install(changer(5).simple(ConfChanges.fromString("v0 u1 u2 l0 r0")));
		assertThat(state()).isEqualTo(before);
	}

	@Test
	void aChangeTypeThisVersionDoesNotKnowIsRefusedWithEtcdsText() throws Exception {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		// Type 7 on the wire: Java keeps it among the unknown fields, where getType() would say AddNode.
		ConfChangeSingle unknown = ConfChangeSingle.parseFrom(new byte[] { 0x08, 7, 0x10, 2 });
		assertThat(unknown.getType()).isEqualTo(ConfChangeType.ConfChangeAddNode);
		assertThatExceptionOfType(ConfChangeException.class).isThrownBy(() -> changer(1).simple(List.of(unknown)))
			.withMessage("unexpected conf type 7");
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> changer(1).enterJoint(false, List.of(unknown)))
			.withMessage("unexpected conf type 7");
		// As in etcd, node 0 is skipped before the type is looked at.
		ConfChangeSingle unknownForNodeZero = ConfChangeSingle.parseFrom(new byte[] { 0x08, 7 });
		assertThat(changer(1).simple(List.of(unknownForNodeZero)).config()).hasToString("voters=(1)");
	}

	@Test
	void theTrackerPassedInIsNeverModified() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		install(changer(0).simple(ConfChanges.fromString("v2")));
		install(changer(0).simple(ConfChanges.fromString("v3")));
		String before = state();
		Progress two = this.tracker.progress.get(2);
		changer(4).enterJoint(true, ConfChanges.fromString("l2 r3 v4"));
		changer(4).simple(ConfChanges.fromString("l2"));
		changer(4).simple(ConfChanges.fromString("r3"));
		assertThat(state()).isEqualTo(before);
		assertThat(this.tracker.progress.get(2)).isSameAs(two);
		assertThat(two.isLearner).isFalse();
	}

	@Test
	void aResultSharesTheInflightsOfTheProgressesItCopied() {
		install(changer(0).simple(ConfChanges.fromString("v1")));
		Inflights inflights = this.tracker.progress.get(1).inflights;
		Changer.Result result = changer(0).simple(ConfChanges.fromString("l2"));
		assertThat(result.progress().get(1)).isNotSameAs(this.tracker.progress.get(1));
		assertThat(result.progress().get(1).inflights).isSameAs(inflights);
	}

	@Test
	void brokenInvariantsOfTheCurrentConfigAreReported() {
		assertInvariantError((t) -> t.config.voters.incoming().add(2), "no progress for 2");
		assertInvariantError((t) -> {
			t.config.learners.add(1L);
		}, "1 is in Learners and Voters[0]");
		assertInvariantError((t) -> {
			t.config.learners.add(2L);
			t.progress.put(2, progress(false));
		}, "2 is in Learners, but is not marked as learner");
		assertInvariantError((t) -> {
			t.config.voters.outgoing().add(2);
			t.config.learners.add(2L);
			t.progress.put(2, progress(true));
		}, "2 is in Learners and Voters[1]");
		assertInvariantError((t) -> {
			t.config.learnersNext.add(2L);
			t.progress.put(2, progress(false));
		}, "2 is in LearnersNext, but not Voters[1]");
		assertInvariantError((t) -> {
			t.config.voters.outgoing().add(2);
			t.config.learnersNext.add(2L);
			t.progress.put(2, progress(true));
		}, "2 is in LearnersNext, but is already marked as learner");
		assertInvariantError((t) -> t.config.autoLeave = true, "AutoLeave must be false when not joint");
	}

	private void assertInvariantError(java.util.function.Consumer<ProgressTracker> corrupt, String message) {
		ProgressTracker t = new ProgressTracker(10, 0);
		t.config.voters.incoming().add(1);
		t.progress.put(1, progress(false));
		corrupt.accept(t);
		assertThatExceptionOfType(ConfChangeException.class)
			.isThrownBy(() -> new Changer(t, 0).simple(List.of()))
			.withMessage(message);
	}

	private static Progress progress(boolean learner) {
		Progress pr = new Progress();
		pr.next = 1;
		pr.isLearner = learner;
		pr.inflights = new Inflights(10, 0);
		return pr;
	}

}
