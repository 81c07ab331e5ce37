package org.raftboot.benchmarks.cluster;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void oneDirectoryServesEveryMemberOrEachMemberHasItsOwn() {
		assertThat(BenchOptions.parse(new String[] { "--dir=/d" }).dirs()).containsExactly(Path.of("/d"), Path.of("/d"),
				Path.of("/d"));
		assertThat(BenchOptions.parse(new String[] { "--dir=/d1,/d2,/d3" }).dirs()).containsExactly(Path.of("/d1"),
				Path.of("/d2"), Path.of("/d3"));
		assertThat(BenchOptions.parse(new String[] { "--dir=/d1,/d2,/d3,/d4,/d5", "--nodes=5" }).dirs()).hasSize(5);
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse(new String[] { "--dir=/d1,/d2" }))
			.withMessageStartingWith("--dir takes one directory or one per member (3), not 2");
	}

	@Test
	void otherWidthsLeaveTheirPhaseUnjudged() {
		assertThat(BenchOptions.parse(new String[] { "--readers=32" }).readsShape()).isFalse();
		assertThat(BenchOptions.parse(new String[] { "--readers=32" }).referenceShape()).isTrue();
		assertThat(BenchOptions.parse(new String[] { "--proposers=32" }).referenceShape()).isFalse();
		assertThat(BenchOptions.parse(new String[] { "--proposers=32" }).readsShape()).isTrue();
	}
}
