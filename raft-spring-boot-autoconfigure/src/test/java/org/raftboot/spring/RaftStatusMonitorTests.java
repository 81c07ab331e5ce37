package org.raftboot.spring;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.spring.autoconfigure.RaftAutoConfiguration;
import org.raftboot.spring.autoconfigure.TestReplicas;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class RaftStatusMonitorTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return TestReplicas.runner(this.dir, RaftAutoConfiguration.class);
	}

	/** Regression: the exception escaped the timer's task, which then never ran again. */
	@Test
	void aListenerThatThrowsIsLoggedAndTheMonitorKeepsLooking(CapturedOutput output) {
		runner().run((context) -> {
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			RaftStatusMonitor monitor = context.getBean(RaftStatusMonitor.class);
			await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
			AtomicBoolean thrown = new AtomicBoolean();
			monitor.addListener((status) -> {
				if (thrown.compareAndSet(false, true)) {
					throw new IllegalStateException("one bad listener call");
				}
			});
			await().atMost(Duration.ofSeconds(5)).untilTrue(thrown);
			long applied = raft.propose("x".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS).index();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(monitor.latest().lastApplied()).as("monitor's applied index")
					.isGreaterThanOrEqualTo(applied));
			assertThat(output).contains("WARN").contains("one bad listener call");
		});
	}

}
