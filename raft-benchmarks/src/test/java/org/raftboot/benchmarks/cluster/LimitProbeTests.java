package org.raftboot.benchmarks.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LimitProbeTests {

	@TempDir
	Path dir;

	@Test
	void theSyncProbeRecordsEverySampleOfEveryWriterWithItsCpuAndLeavesNoFile() throws Exception {
		LimitProbe.Syncs syncs = LimitProbe.fsync(this.dir, 2, 20);
		assertThat(syncs.latencies().getTotalCount()).isEqualTo(40);
		assertThat(syncs.latencies().getMinValue()).isPositive();
		assertThat(syncs.cpuMicrosPerSync()).isPositive();
		try (var files = Files.list(this.dir)) {
			assertThat(files).isEmpty();
		}
	}
}
