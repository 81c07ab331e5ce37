package org.raftboot.benchmarks.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterBenchmarkTests {

	@Test
	void theMembersSyncNoteSaysWhenThePathsFloorIsAboveTheBar() {
		// limit.fsync_4k_x3.p50 326 + limit.rtt_128.p50 55; one writer's fsync 185: bar 1.5 x 240 = 360
		assertThat(ClusterBenchmark.membersSyncNote(3, 381.0, 360)).isEqualTo(
				"sequential: with the members' syncs at once (limit.fsync_4k_x3.p50) in place of one writer's, "
						+ "1.5 x (fsync + rtt) would be 572 us and 3 x 1143 us; the path's floor, a follower's sync "
						+ "among the members' plus one round trip, is 381 us, above the p50's bar (360 us)");
	}

	@Test
	void theMembersSyncNoteSaysWhenTheBarLeavesRoomAboveTheFloor() {
		assertThat(ClusterBenchmark.membersSyncNote(5, 333.4, 335)).endsWith(
				"(limit.fsync_4k_x5.p50) in place of one writer's, 1.5 x (fsync + rtt) would be 500 us and 3 x 1000 us; "
						+ "the path's floor, a follower's sync among the members' plus one round trip, is 333 us, "
						+ "not above the p50's bar (335 us)");
	}
}
