package org.raftboot.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

import static org.assertj.core.api.Assertions.assertThat;

class JmhFiguresTests {

	private static final Map<String, String> MILLION = Map.of("entries", "1000000", "entrySize", "128");

	@Test
	void theFigureIsNamedAfterTheBenchmarkAndEachParameterInOrder() {
		assertThat(JmhFigures.name("StorageAppendBenchmark.appendAndSync",
				new TreeMap<>(Map.of("entrySize", "128", "batch", "16", "fsync", "true"))))
			.isEqualTo("jmh.StorageAppendBenchmark.appendAndSync.batch=16.entrySize=128.fsync=true");
		assertThat(JmhFigures.name("RawNodeBenchmark.oneProposalPerRound", new TreeMap<>()))
			.isEqualTo("jmh.RawNodeBenchmark.oneProposalPerRound");
	}

	@Test
	void reopeningAMillionEntriesIsJudgedAgainstTwoSecondsInTheScoresUnit() {
		assertThat(JmhFigures.bar("StorageReopenBenchmark.reopen", MILLION, Mode.SingleShotTime, TimeUnit.MILLISECONDS))
			.hasValue(2000);
		assertThat(JmhFigures.bar("StorageReopenBenchmark.reopen", MILLION, Mode.AverageTime, TimeUnit.SECONDS))
			.hasValue(2);
	}

	@Test
	void otherBenchmarksOtherLogsAndThroughputScoresHaveNoBar() {
		assertThat(JmhFigures.bar("StorageAppendBenchmark.appendAndSync", MILLION, Mode.AverageTime,
				TimeUnit.MILLISECONDS)).isEmpty();
		assertThat(JmhFigures.bar("StorageReopenBenchmark.reopen", Map.of("entries", "1000"), Mode.SingleShotTime,
				TimeUnit.MILLISECONDS)).isEmpty();
		assertThat(JmhFigures.bar("StorageReopenBenchmark.reopen", MILLION, Mode.Throughput, TimeUnit.SECONDS))
			.isEmpty();
	}

	@Test
	void theShapeNamesTheModeAndTheIterations() {
		IterationParams warmup = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
		IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 2, TimeValue.milliseconds(500), 1);
		assertThat(JmhFigures.shape(Mode.AverageTime, 1, 1, warmup, measurement))
			.isEqualTo("shape=jmh mode=avgt forks=1 threads=1 warmup=1x1s iterations=2x500ms");
		assertThat(JmhFigures.shape(Mode.SingleShotTime, 1, 1, warmup, measurement))
			.isEqualTo("shape=jmh mode=ss forks=1 threads=1 warmup=1 iterations=2");
	}
}
