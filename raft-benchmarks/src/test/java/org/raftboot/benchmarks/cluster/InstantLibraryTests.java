package org.raftboot.benchmarks.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstantLibraryTests {

	@Test
	void everyRequestIsCompletedAndCloseEndsTheLibrarysThread() throws Exception {
		List<CompletableFuture<?>> requests = new ArrayList<>();
		try (InstantLibrary library = new InstantLibrary()) {
			for (int i = 0; i < 1000; i++) {
				requests.add(library.request());
			}
			CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}
		assertThat(requests).allMatch((r) -> r.isDone() && !r.isCompletedExceptionally());
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((t) -> t.getName().equals("instant-library"));
	}

	@Test
	void theClientWakeupProbeCountsRequestsAndTheirCpu() throws Exception {
		ClosedLoop.Window window = LimitProbe.clientWakeups(4, Duration.ofMillis(100), Duration.ofMillis(300),
				new CpuClock());
		assertThat(window.completed()).isPositive();
		assertThat(window.failed()).isZero();
		assertThat(window.perSecond()).isPositive();
		assertThat(window.cpuMicrosPerOp()).isPositive();
	}
}
