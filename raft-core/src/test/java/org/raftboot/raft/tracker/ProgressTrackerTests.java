package org.raftboot.raft.tracker;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.quorum.VoteResult;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTrackerTests {

	private static ProgressTracker tracker(long[] voters, long[] outgoing, long... learners) {
		ProgressTracker t = new ProgressTracker(10, 0);
		for (long id : voters) {
			t.config.voters.incoming().add(id);
			t.progress.put(id, progress(false));
		}
		for (long id : outgoing) {
			t.config.voters.outgoing().add(id);
			if (!t.progress.containsKey(id)) {
				t.progress.put(id, progress(false));
			}
		}
		for (long id : learners) {
			t.config.learners.add(id);
			t.progress.put(id, progress(true));
		}
		return t;
	}

	private static Progress progress(boolean learner) {
		Progress pr = new Progress();
		pr.next = 1;
		pr.isLearner = learner;
		pr.inflights = new Inflights(10, 0);
		return pr;
	}

	private static long[] ids(long... ids) {
		return ids;
	}

	@Test
	void theConfStateListsEveryRoleSorted() {
		ProgressTracker t = tracker(ids(3, 1, 2), ids(4, 1), 7, 5);
		t.config.learnersNext.add(6L);
		t.config.autoLeave = true;
		ConfState cs = t.confState();
		assertThat(cs.getVotersList()).containsExactly(1L, 2L, 3L);
		assertThat(cs.getVotersOutgoingList()).containsExactly(1L, 4L);
		assertThat(cs.getLearnersList()).containsExactly(5L, 7L);
		assertThat(cs.getLearnersNextList()).containsExactly(6L);
		assertThat(cs.hasAutoLeave()).isTrue();
		assertThat(cs.getAutoLeave()).isTrue();
		assertThat(new ProgressTracker(1, 0).confState()).isEqualTo(ConfState.newBuilder().setAutoLeave(false).build());
	}

	@Test
	void aSingletonIsOneVoterOutsideAJointConfig() {
		assertThat(tracker(ids(1), ids()).isSingleton()).isTrue();
		assertThat(tracker(ids(1), ids(), 2).isSingleton()).isTrue();
		assertThat(tracker(ids(1, 2), ids()).isSingleton()).isFalse();
		assertThat(tracker(ids(1), ids(2)).isSingleton()).isFalse();
	}

	@Test
	void theCommittedIndexComesFromTheVotersMatches() {
		ProgressTracker t = tracker(ids(1, 2, 3), ids(), 4);
		t.progress.get(1).match = 10;
		t.progress.get(2).match = 8;
		t.progress.get(4).match = 20;
		assertThat(t.committed()).isEqualTo(8);
		t.config.voters.outgoing().add(4);
		t.config.voters.outgoing().add(3);
		assertThat(t.committed()).isZero();
		assertThat(new ProgressTracker(1, 0).committed()).isEqualTo(-1L);
	}

	@Test
	void visitsGoInAscendingIdOrder() {
		ProgressTracker t = tracker(ids(30, 4, 1000), ids(), 7);
		List<Long> seen = new ArrayList<>();
		t.visit((id, pr) -> seen.add(id));
		assertThat(seen).containsExactly(4L, 7L, 30L, 1000L);
		assertThat(t.voterNodes()).containsExactly(4, 30, 1000);
		assertThat(t.learnerNodes()).containsExactly(7);
		assertThat(t.progress.ids()).containsExactly(4L, 7L, 30L, 1000L);
	}

	@Test
	void aQuorumIsActiveWhenAMajorityOfVotersWasRecentlyActive() {
		ProgressTracker t = tracker(ids(1, 2, 3), ids(), 4, 5);
		t.progress.get(1).recentActive = true;
		t.progress.get(4).recentActive = true;
		t.progress.get(5).recentActive = true;
		assertThat(t.quorumActive()).isFalse();
		t.progress.get(3).recentActive = true;
		assertThat(t.quorumActive()).isTrue();
	}

	@Test
	void theFirstVoteOfEachVoterCountsAndLearnersAreNotTallied() {
		ProgressTracker t = tracker(ids(1, 2, 3), ids(), 4);
		t.recordVote(1, true);
		t.recordVote(1, false);
		t.recordVote(4, true);
		assertThat(t.tallyVotes()).isEqualTo(new VoteTally(1, 0, VoteResult.VotePending));
		t.recordVote(2, false);
		t.recordVote(3, true);
		assertThat(t.tallyVotes()).isEqualTo(new VoteTally(2, 1, VoteResult.VoteWon));
		t.resetVotes();
		t.recordVote(2, false);
		t.recordVote(3, false);
		assertThat(t.tallyVotes()).isEqualTo(new VoteTally(0, 2, VoteResult.VoteLost));
	}

	@Test
	void theProgressMapPrintsDecimalIdsAndAcksTheMatch() {
		ProgressTracker t = tracker(ids(1, 26), ids());
		t.progress.get(26).match = 4;
		t.progress.get(26).next = 5;
		assertThat(t.progress).hasToString("1: StateProbe match=0 next=1 inactive\n26: StateProbe match=4 next=5 inactive\n");
		assertThat(t.progress.ackedIndex(26)).isEqualTo(4);
		assertThat(t.progress.ackedIndex(3)).isEqualTo(-1L);
		t.progress.remove(1);
		assertThat(t.progress.size()).isEqualTo(1);
		assertThat(t.progress).extracting(java.util.Map.Entry::getKey).containsExactly(26L);
	}

	@Test
	void theConfigStringShowsOnlyWhatIsSet() {
		ProgressTracker t = tracker(ids(1, 2, 11), ids());
		assertThat(t.config).hasToString("voters=(1 2 b)");
		t.config.voters.outgoing().add(1);
		t.config.learners.add(3L);
		t.config.learnersNext.add(1L);
		t.config.autoLeave = true;
		assertThat(t.config).hasToString("voters=(1 2 b)&&(1) learners=(3) learners_next=(1) autoleave");
	}

	@Test
	void aConfigCopyIsDeep() {
		ProgressTracker t = tracker(ids(1, 2), ids(1), 3);
		t.config.autoLeave = true;
		TrackerConfig copy = t.config.copy();
		copy.voters.incoming().add(9);
		copy.learners.add(8L);
		copy.learnersNext.add(7L);
		assertThat(copy).hasToString("voters=(1 2 9)&&(1) learners=(3 8) learners_next=(7) autoleave");
		assertThat(t.config).hasToString("voters=(1 2)&&(1) learners=(3) autoleave");
	}

}
