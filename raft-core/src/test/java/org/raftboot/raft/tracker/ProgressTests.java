package org.raftboot.raft.tracker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProgressTests {

	private static Progress progress(ProgressState state, long match, long next) {
		Progress pr = new Progress();
		pr.state = state;
		pr.match = match;
		pr.next = next;
		pr.inflights = new Inflights(256, 0);
		return pr;
	}

	@Test
	void aNewProgressIsAllZeroProbingWithoutInflights() {
		Progress pr = new Progress();
		assertThat(pr.state).isEqualTo(ProgressState.StateProbe);
		assertThat(pr.match).isZero();
		assertThat(pr.next).isZero();
		assertThat(pr.inflights).isNull();
	}

	@Test
	void theStringFormListsEveryNonDefaultFlagInEtcdsOrder() {
		Progress pr = progress(ProgressState.StateSnapshot, 1, 2);
		pr.inflights = new Inflights(1, 0);
		pr.inflights.add(123, 1);
		pr.pendingSnapshot = 123;
		pr.msgAppFlowPaused = true;
		pr.isLearner = true;
		assertThat(pr).hasToString("StateSnapshot match=1 next=2 learner paused pendingSnap=123 inactive inflight=1[full]");
		Progress active = progress(ProgressState.StateReplicate, 3, 4);
		active.recentActive = true;
		assertThat(active).hasToString("StateReplicate match=3 next=4");
		active.inflights.add(4, 10);
		assertThat(active).hasToString("StateReplicate match=3 next=4 inflight=1");
		active.match = -1L;
		assertThat(active.toString()).startsWith("StateReplicate match=18446744073709551615 ");
	}

	@ParameterizedTest
	@CsvSource({ "StateProbe, false, false", "StateProbe, true, true", "StateReplicate, false, false",
			"StateReplicate, true, true", "StateSnapshot, false, true", "StateSnapshot, true, true" })
	void sendingIsPausedByTheFlowControlOrAPendingSnapshot(ProgressState state, boolean flowPaused, boolean paused) {
		Progress pr = progress(state, 0, 1);
		pr.msgAppFlowPaused = flowPaused;
		assertThat(pr.isPaused()).isEqualTo(paused);
	}

	@Test
	void updatesAndRejectionsResumeTheFlow() {
		Progress pr = progress(ProgressState.StateProbe, 0, 2);
		pr.msgAppFlowPaused = true;
		pr.maybeDecrTo(1, 1);
		assertThat(pr.msgAppFlowPaused).isFalse();
		pr.msgAppFlowPaused = true;
		pr.maybeUpdate(2);
		assertThat(pr.msgAppFlowPaused).isFalse();
	}

	@Test
	void probingRestartsAfterTheMatchOrAfterAnAppliedSnapshot() {
		Progress replicating = progress(ProgressState.StateReplicate, 1, 5);
		replicating.inflights.add(4, 1);
		replicating.msgAppFlowPaused = true;
		replicating.becomeProbe();
		assertThat(replicating.state).isEqualTo(ProgressState.StateProbe);
		assertThat(replicating.next).isEqualTo(2);
		assertThat(replicating.inflights.count()).isZero();
		assertThat(replicating.msgAppFlowPaused).isFalse();

		Progress snapshotDone = progress(ProgressState.StateSnapshot, 1, 5);
		snapshotDone.pendingSnapshot = 10;
		snapshotDone.becomeProbe();
		assertThat(snapshotDone.next).isEqualTo(11);
		assertThat(snapshotDone.pendingSnapshot).isZero();

		Progress snapshotFailed = progress(ProgressState.StateSnapshot, 1, 5);
		snapshotFailed.becomeProbe();
		assertThat(snapshotFailed.next).isEqualTo(2);
		assertThat(snapshotFailed.match).isEqualTo(1);
	}

	@Test
	void probingCapsTheSentCommitBelowNext() {
		Progress pr = progress(ProgressState.StateReplicate, 1, 9);
		pr.sentCommit(8);
		pr.becomeProbe();
		assertThat(pr.sentCommit).isEqualTo(1);
	}

	@Test
	void replicatingStartsRightAfterTheMatch() {
		Progress pr = progress(ProgressState.StateProbe, 1, 5);
		pr.becomeReplicate();
		assertThat(pr.state).isEqualTo(ProgressState.StateReplicate);
		assertThat(pr.match).isEqualTo(1);
		assertThat(pr.next).isEqualTo(2);
	}

	@Test
	void aSnapshotIsPendingUntilApplied() {
		Progress pr = progress(ProgressState.StateProbe, 1, 5);
		pr.becomeSnapshot(10);
		assertThat(pr.state).isEqualTo(ProgressState.StateSnapshot);
		assertThat(pr.match).isEqualTo(1);
		assertThat(pr.pendingSnapshot).isEqualTo(10);
		assertThat(pr.next).isEqualTo(11);
		assertThat(pr.sentCommit).isEqualTo(10);
		assertThat(pr.isPaused()).isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "2, 3, 5, false", "3, 3, 5, false", "4, 4, 5, true", "5, 5, 6, true" })
	void anUpdateNeverMovesMatchOrNextBackwards(long update, long match, long next, boolean updated) {
		Progress pr = progress(ProgressState.StateProbe, 3, 5);
		assertThat(pr.maybeUpdate(update)).isEqualTo(updated);
		assertThat(pr.match).isEqualTo(match);
		assertThat(pr.next).isEqualTo(next);
	}

	@ParameterizedTest
	@CsvSource({
		"StateReplicate, 5, 10, 5, 5, false, 10",
		"StateReplicate, 5, 10, 4, 4, false, 10",
		"StateReplicate, 5, 10, 9, 9, true, 6",
		"StateProbe, 0, 0, 0, 0, false, 0",
		"StateProbe, 0, 10, 5, 5, false, 10",
		"StateProbe, 0, 10, 9, 9, true, 9",
		"StateProbe, 0, 2, 1, 1, true, 1",
		"StateProbe, 0, 1, 0, 0, true, 1",
		"StateProbe, 0, 10, 9, 2, true, 3",
		"StateProbe, 0, 10, 9, 0, true, 1",
	})
	void aRejectionMovesNextBackToTheHintOrTheMatch(ProgressState state, long match, long next, long rejected,
			long hint, boolean decreased, long wantNext) {
		Progress pr = progress(state, match, next);
		assertThat(pr.maybeDecrTo(rejected, hint)).isEqualTo(decreased);
		assertThat(pr.match).isEqualTo(match);
		assertThat(pr.next).isEqualTo(wantNext);
	}

	@Test
	void sentEntriesAdvanceNextAndFillTheWindowWhenReplicating() {
		Progress pr = progress(ProgressState.StateReplicate, 5, 6);
		pr.inflights = new Inflights(2, 0);
		pr.sentEntries(3, 30);
		assertThat(pr.next).isEqualTo(9);
		assertThat(pr.msgAppFlowPaused).isFalse();
		pr.sentEntries(1, 10);
		assertThat(pr.next).isEqualTo(10);
		assertThat(pr.msgAppFlowPaused).isTrue();
		assertThat(pr).hasToString("StateReplicate match=5 next=10 paused inactive inflight=2[full]");
	}

	@Test
	void sentEntriesPauseAProbeUntilTheAnswer() {
		Progress pr = progress(ProgressState.StateProbe, 5, 6);
		pr.sentEntries(0, 0);
		assertThat(pr.msgAppFlowPaused).isFalse();
		pr.sentEntries(2, 20);
		assertThat(pr.msgAppFlowPaused).isTrue();
		assertThat(pr.next).isEqualTo(6);
	}

	@Test
	void nothingIsSentWhileASnapshotIsPending() {
		Progress pr = progress(ProgressState.StateSnapshot, 5, 6);
		assertThatIllegalStateException().isThrownBy(() -> pr.sentEntries(1, 1))
			.withMessage("sending append in unhandled state StateSnapshot");
	}

	@Test
	void theCommitIsBumpedOnlyIfNewAndTheFollowerMayHaveEntriesToCommit() {
		Progress pr = progress(ProgressState.StateReplicate, 5, 8);
		pr.sentCommit(5);
		assertThat(pr.canBumpCommit(5)).isFalse();
		assertThat(pr.canBumpCommit(6)).isTrue();
		pr.sentCommit(7);
		assertThat(pr.canBumpCommit(9)).isFalse();
	}

	@Test
	void aShallowCopySharesTheInflightsAndADeepCopyDoesNot() {
		Progress pr = progress(ProgressState.StateReplicate, 5, 8);
		pr.recentActive = true;
		pr.isLearner = true;
		pr.sentCommit(4);
		Progress shallow = pr.shallowCopy();
		Progress deep = pr.deepCopy();
		assertThat(shallow).usingRecursiveComparison().isEqualTo(pr);
		assertThat(deep).usingRecursiveComparison().isEqualTo(pr);
		assertThat(shallow.inflights).isSameAs(pr.inflights);
		assertThat(deep.inflights).isNotSameAs(pr.inflights);
		pr.inflights.add(9, 1);
		assertThat(shallow.inflights.count()).isEqualTo(1);
		assertThat(deep.inflights.count()).isZero();
		assertThat(new Progress().deepCopy().inflights).isNull();
	}

}
