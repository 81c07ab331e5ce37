package org.raftboot.benchmarks.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchOptionsTests {

	@Test
	void theDefaultsAreTheIssuesShapeForEveryPhase() {
		BenchOptions options = BenchOptions.parse(new String[0]);
		assertThat(options.issueShape()).isTrue();
		assertThat(options.referenceShape()).isTrue();
		assertThat(options.readsShape()).isTrue();
	}

	@Test
	void theVariantsAreMeasuredNotJudged() {
		for (String variant : new String[] { "--nodes=5", "--value-size=1024", "--value-size=16384", "--fsync=false",
				"--clients=callbacks" }) {
			BenchOptions options = BenchOptions.parse(new String[] { variant });
			assertThat(options.issueShape()).as(variant).isFalse();
			assertThat(options.referenceShape()).as(variant).isFalse();
			assertThat(options.readsShape()).as(variant).isFalse();
		}
	}

	@Test
	void shorterPhasesKeepTheShapeButNotTheThroughputBars() {
		BenchOptions options = BenchOptions.parse(new String[] { "--quick" });
		assertThat(options.issueShape()).isTrue();
		assertThat(options.referenceShape()).isFalse();
		assertThat(options.readsShape()).isTrue();
	}

	@Test
	void otherWidthsLeaveTheirPhaseUnjudged() {
		assertThat(BenchOptions.parse(new String[] { "--readers=32" }).readsShape()).isFalse();
		assertThat(BenchOptions.parse(new String[] { "--readers=32" }).referenceShape()).isTrue();
		assertThat(BenchOptions.parse(new String[] { "--proposers=32" }).referenceShape()).isFalse();
		assertThat(BenchOptions.parse(new String[] { "--proposers=32" }).readsShape()).isTrue();
	}
}
