package org.raftboot.raft.quorum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded randomized checks of the quorum maths against brute-force definitions, in the spirit of
 * etcd's quick-check tests.
 */
class QuorumRandomizedTests {

	private static final int ROUNDS = 5_000;

	private final SplittableRandom random = new SplittableRandom(0x5EED_0F_C0FFEEL);

	/** Up to nine voters with ids in [0, 18) (etcd's generator: a random subset of twice the size). */
	private MajorityConfig randomConfig() {
		int n = this.random.nextInt(10);
		MajorityConfig c = new MajorityConfig();
		while (c.size() < n) {
			c.add(this.random.nextInt(2 * n));
		}
		return c;
	}

	/** Acknowledgements for a random subset of ids in [0, 18), indexes in [0, 10). */
	private Map<Long, Long> randomAcks() {
		Map<Long, Long> acks = new HashMap<>();
		int n = this.random.nextInt(10);
		for (int i = 0; i < n; i++) {
			acks.put((long) this.random.nextInt(2 * n), (long) this.random.nextInt(n));
		}
		return acks;
	}

	private static AckedIndexer indexer(Map<Long, Long> acks) {
		return (id) -> acks.getOrDefault(id, AckedIndexer.UNKNOWN);
	}

	@Test
	void theMajorityCommittedIndexAgreesWithTheNaiveComputation() {
		List<String> failures = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			MajorityConfig c = randomConfig();
			Map<Long, Long> acks = randomAcks();
			long actual = c.committedIndex(indexer(acks));
			long expected = AlternativeCommittedIndex.of(c, indexer(acks));
			if (actual != expected) {
				failures.add(c + " with " + acks + ": " + actual + " instead of " + expected);
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void theJointCommittedIndexIsTheLargestIndexBothMajoritiesReached() {
		List<String> failures = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			JointConfig c = new JointConfig(randomConfig(), randomConfig());
			Map<Long, Long> acks = randomAcks();
			long expected = bruteForceCommitted(c, acks);
			long actual = c.committedIndex(indexer(acks));
			long swapped = new JointConfig(c.outgoing(), c.incoming()).committedIndex(indexer(acks));
			if (actual != expected || swapped != expected) {
				failures.add(c + " with " + acks + ": " + actual + " (swapped " + swapped + ") instead of " + expected);
			}
		}
		assertThat(failures).isEmpty();
	}

	/** Tries every candidate index: the largest that a majority of each non-empty half acknowledged. */
	private static long bruteForceCommitted(JointConfig c, Map<Long, Long> acks) {
		if (c.incoming().isEmpty() && c.outgoing().isEmpty()) {
			return -1L;
		}
		TreeSet<Long> candidates = new TreeSet<>(acks.values());
		candidates.add(0L);
		long best = 0;
		for (long candidate : candidates) {
			if (reached(c.incoming(), acks, candidate) && reached(c.outgoing(), acks, candidate)) {
				best = Math.max(best, candidate);
			}
		}
		return best;
	}

	private static boolean reached(MajorityConfig c, Map<Long, Long> acks, long index) {
		if (c.isEmpty()) {
			return true;
		}
		int atOrAbove = 0;
		for (long id : c) {
			if (acks.getOrDefault(id, 0L) >= index) {
				atOrAbove++;
			}
		}
		return atOrAbove > c.size() / 2;
	}

	@Test
	void aVoteOutcomeIsSymmetricAndOnlyPendingOutcomesDependOnMissingVotes() {
		List<String> failures = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			JointConfig c = new JointConfig(randomConfig(), randomConfig());
			Map<Long, Boolean> votes = new HashMap<>();
			for (long id : c.ids()) {
				int roll = this.random.nextInt(3);
				if (roll < 2) {
					votes.put(id, roll == 0);
				}
			}
			VoteResult result = c.voteResult(votes);
			VoteResult swapped = new JointConfig(c.outgoing(), c.incoming()).voteResult(votes);
			VoteResult allYes = c.voteResult(completed(c, votes, true));
			VoteResult allNo = c.voteResult(completed(c, votes, false));
			boolean consistent = switch (result) {
				case VoteWon -> allNo == VoteResult.VoteWon;
				case VoteLost -> allYes == VoteResult.VoteLost;
				case VotePending -> allYes == VoteResult.VoteWon && allNo == VoteResult.VoteLost;
			};
			if (swapped != result || !consistent) {
				failures.add(c + " with " + votes + ": " + result + ", swapped " + swapped + ", all yes " + allYes
						+ ", all no " + allNo);
			}
		}
		assertThat(failures).isEmpty();
	}

	private static Map<Long, Boolean> completed(JointConfig c, Map<Long, Boolean> votes, boolean missing) {
		Map<Long, Boolean> all = new HashMap<>(votes);
		c.ids().forEach((id) -> all.putIfAbsent(id, missing));
		return all;
	}

}
