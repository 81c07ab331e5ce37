package org.raftboot.benchmarks.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class LimitProbeTests {

	@TempDir
	Path dir;

	@TempDir
	Path other;

	@Test
	void theSyncProbeRecordsEverySampleOfEveryWriterWithItsCpuAndLeavesNoFile() throws Exception {
		LimitProbe.Syncs syncs = LimitProbe.fsync(List.of(this.dir, this.dir, this.other), 20);
		assertThat(syncs.latencies().getTotalCount()).isEqualTo(60);
		assertThat(syncs.latencies().getMinValue()).isPositive();
		assertThat(syncs.cpuMicrosPerSync()).isPositive();
		for (Path used : List.of(this.dir, this.other)) {
			try (var files = Files.list(used)) {
				assertThat(files).isEmpty();
			}
		}
	}

	@Test
	void eachWriterWritesInItsOwnDirectory() {
		Path missing = this.other.resolve("absent");
		assertThatIOException().isThrownBy(() -> LimitProbe.fsync(List.of(this.dir, missing), 5))
			.withMessageContaining("absent");
	}
}
