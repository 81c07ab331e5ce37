package org.raftboot.raft.quorum;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JointConfigTests {

	@Test
	void aJointConfigCommitsTheMinimumOfItsHalves() {
		JointConfig c = new JointConfig(new MajorityConfig(1, 2, 3), new MajorityConfig(3, 4, 5));
		Map<Long, Long> acked = Map.of(1L, 10L, 2L, 10L, 3L, 8L, 4L, 2L, 5L, 1L);
		assertThat(c.committedIndex((id) -> acked.getOrDefault(id, AckedIndexer.UNKNOWN))).isEqualTo(2);
	}

	@Test
	void anEmptyOutgoingHalfBehavesLikeTheIncomingHalf() {
		JointConfig c = new JointConfig(new MajorityConfig(1, 2, 3), new MajorityConfig());
		assertThat(c.isJoint()).isFalse();
		assertThat(c.committedIndex((id) -> id)).isEqualTo(2);
		assertThat(c.voteResult(Map.of(1L, true, 2L, true))).isEqualTo(VoteResult.VoteWon);
		assertThat(new JointConfig().committedIndex((id) -> 1)).isEqualTo(-1L);
	}

	@Test
	void aVoteNeedsBothHalves() {
		JointConfig c = new JointConfig(new MajorityConfig(1, 2, 3), new MajorityConfig(4, 5, 6));
		assertThat(c.voteResult(Map.of(1L, true, 2L, true))).isEqualTo(VoteResult.VotePending);
		assertThat(c.voteResult(Map.of(1L, true, 2L, true, 4L, true, 5L, true))).isEqualTo(VoteResult.VoteWon);
		assertThat(c.voteResult(Map.of(1L, true, 2L, true, 4L, false, 5L, false))).isEqualTo(VoteResult.VoteLost);
		assertThat(c.voteResult(Map.of(1L, false, 2L, false))).isEqualTo(VoteResult.VoteLost);
	}

	@Test
	void theStringFormJoinsTheHalvesOnlyWhenJoint() {
		assertThat(new JointConfig(new MajorityConfig(1, 2), new MajorityConfig(1))).hasToString("(1 2)&&(1)");
		assertThat(new JointConfig(new MajorityConfig(1, 2), new MajorityConfig())).hasToString("(1 2)");
		assertThat(new JointConfig()).hasToString("()");
	}

	@Test
	void idsAreTheUnionAscending() {
		JointConfig c = new JointConfig(new MajorityConfig(5, 1), new MajorityConfig(3, 1));
		assertThat(c.ids()).containsExactly(1L, 3L, 5L);
		assertThat(c.describe((id) -> 1)).startsWith("       idx\n");
	}

	@Test
	void aCopyIsDeep() {
		JointConfig c = new JointConfig(new MajorityConfig(1), new MajorityConfig(2));
		JointConfig copy = c.copy();
		copy.incoming().add(3);
		copy.outgoing().remove(2);
		assertThat(c).hasToString("(1)&&(2)");
		assertThat(copy).hasToString("(1 3)");
	}

}
