package org.raftboot.raft.quorum;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MajorityConfigTests {

	@Test
	void anEmptyConfigCommitsEverythingAndWinsEveryElection() {
		MajorityConfig c = new MajorityConfig();
		assertThat(c.committedIndex((id) -> AckedIndexer.UNKNOWN)).isEqualTo(-1L);
		assertThat(Quorum.indexToString(c.committedIndex((id) -> 5))).isEqualTo("∞");
		assertThat(c.voteResult(Map.of())).isEqualTo(VoteResult.VoteWon);
		assertThat(c.describe((id) -> 0)).isEqualTo("<empty majority quorum>");
		assertThat(c).hasToString("()");
	}

	@Test
	void theCommittedIndexIsTheHighestIndexAMajorityAcknowledged() {
		MajorityConfig c = new MajorityConfig(1, 2, 3);
		Map<Long, Long> acked = Map.of(1L, 10L, 2L, 7L, 3L, 3L);
		assertThat(c.committedIndex((id) -> acked.getOrDefault(id, AckedIndexer.UNKNOWN))).isEqualTo(7);
	}

	@Test
	void votersWithoutAcknowledgementCountAsZero() {
		MajorityConfig c = new MajorityConfig(1, 2, 3);
		assertThat(c.committedIndex((id) -> (id == 1) ? 9 : AckedIndexer.UNKNOWN)).isZero();
		assertThat(c.committedIndex((id) -> (id == 3) ? AckedIndexer.UNKNOWN : 9)).isEqualTo(9);
	}

	@Test
	void indexesAreComparedUnsigned() {
		MajorityConfig c = new MajorityConfig(1, 2, 3);
		long huge = Long.MIN_VALUE + 4;
		assertThat(c.committedIndex((id) -> (id == 1) ? 2 : huge)).isEqualTo(huge);
		assertThat(Quorum.indexToString(huge)).isEqualTo("9223372036854775812");
	}

	@Test
	void aVoteIsWonLostOrPendingByMajority() {
		MajorityConfig c = new MajorityConfig(1, 2, 3);
		assertThat(c.voteResult(Map.of(1L, true))).isEqualTo(VoteResult.VotePending);
		assertThat(c.voteResult(Map.of(1L, true, 2L, true))).isEqualTo(VoteResult.VoteWon);
		assertThat(c.voteResult(Map.of(1L, false, 2L, false))).isEqualTo(VoteResult.VoteLost);
		assertThat(c.voteResult(Map.of(1L, true, 2L, false))).isEqualTo(VoteResult.VotePending);
		assertThat(c.voteResult(Map.of(7L, true, 8L, true))).isEqualTo(VoteResult.VotePending);
	}

	@Test
	void theStringFormListsIdsAscendingInHex() {
		MajorityConfig c = new MajorityConfig(26, 3, 10);
		assertThat(c).hasToString("(3 a 1a)");
		assertThat(c.slice()).containsExactly(3, 10, 26);
		assertThat(c).containsExactly(3L, 10L, 26L);
		assertThat(new MajorityConfig(-1L, 1)).hasToString("(1 ffffffffffffffff)");
	}

	@Test
	void describeDrawsOneBarPerVoterRankedByIndex() {
		MajorityConfig c = new MajorityConfig(1, 2, 3, 4);
		Map<Long, Long> acked = Map.of(1L, 12L, 2L, 5L, 4L, 12L);
		assertThat(c.describe((id) -> acked.getOrDefault(id, AckedIndexer.UNKNOWN))).isEqualTo("""
				        idx
				xx>      12    (id=1)
				x>        5    (id=2)
				?         0    (id=3)
				xx>      12    (id=4)
				""");
	}

	@Test
	void aCopyIsIndependent() {
		MajorityConfig c = new MajorityConfig(1, 2);
		MajorityConfig copy = c.copy();
		copy.add(3);
		c.remove(1);
		assertThat(c).hasToString("(2)");
		assertThat(copy).hasToString("(1 2 3)");
		assertThat(copy.contains(3)).isTrue();
		assertThat(copy.size()).isEqualTo(3);
	}

}
