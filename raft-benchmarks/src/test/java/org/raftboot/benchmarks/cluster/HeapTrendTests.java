package org.raftboot.benchmarks.cluster;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.raftboot.benchmarks.Report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HeapTrendTests {

	private static final double HEAP_MIB = 512;

	/** The soak: 10 minutes, a sample every 30 s. */
	private static final int SAMPLES = 21;

	private static final double INTERVAL_SECONDS = 30;

	@Test
	void aFlatHeapWithNoiseMeetsTheBar() {
		Random noise = new Random(9);
		HeapTrend trend = new HeapTrend();
		for (int i = 0; i < SAMPLES; i++) {
			trend.add(i * INTERVAL_SECONDS, 27 + 17 * noise.nextDouble());
		}
		assertThat(judged(trend)).contains("figure=soak.heap_growth ").contains(" bar=<=25.6 met=yes ");
	}

	@Test
	void aSteadyLeakFailsTheBar() {
		HeapTrend trend = new HeapTrend();
		for (int i = 0; i < SAMPLES; i++) {
			double minutes = i * INTERVAL_SECONDS / 60;
			trend.add(i * INTERVAL_SECONDS, 30 + 3 * minutes + ((i % 2 == 0) ? 1 : -1));
		}
		assertThat(trend.growth()).isCloseTo(30, within(1.0));
		assertThat(judged(trend)).contains("figure=soak.heap_growth ").contains(" met=no ");
	}

	@Test
	void oneSampleCaughtHighAtTheEndIsNotTakenForGrowth() {
		HeapTrend trend = new HeapTrend();
		for (int i = 0; i < SAMPLES - 1; i++) {
			trend.add(i * INTERVAL_SECONDS, 30);
		}
		trend.add((SAMPLES - 1) * INTERVAL_SECONDS, 60);
		assertThat(trend.growth()).isLessThan(HeapTrend.LIMIT * HEAP_MIB);
		assertThat(judged(trend)).contains(" met=yes ");
	}

	@Test
	void theSlopeOfAStraightLineIsItsRate() {
		HeapTrend trend = new HeapTrend();
		trend.add(0, 40);
		trend.add(60, 41);
		trend.add(120, 42);
		assertThat(trend.slope()).isCloseTo(1.0 / 60, within(1e-12));
		assertThat(trend.growth()).isCloseTo(2, within(1e-9));
		assertThat(judged(trend)).contains("figure=soak.heap_slope value=1024 unit=KiB/min bar=- met=- ");
	}

	@Test
	void aSoakShorterThanItsIntervalHasNoTrendToJudge() {
		HeapTrend trend = new HeapTrend();
		assertThat(judged(trend)).startsWith("# soak: 0 heap sample(s)").doesNotContain("RAFTBOOT-BENCH");
		trend.add(0, 40);
		assertThat(judged(trend)).startsWith("# soak: 1 heap sample(s)").doesNotContain("RAFTBOOT-BENCH");
	}

	private static String judged(HeapTrend trend) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		trend.report(new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), "nodes=3"), HEAP_MIB);
		return bytes.toString(StandardCharsets.UTF_8);
	}
}
