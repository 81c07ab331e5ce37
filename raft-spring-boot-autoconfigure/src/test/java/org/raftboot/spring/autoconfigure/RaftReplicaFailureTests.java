package org.raftboot.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.server.Applied;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.spring.autoconfigure.health.RaftHealthContributorAutoConfiguration;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A replica that stops, or a context that fails after the replica started: nothing hangs, nothing stays behind. */
class RaftReplicaFailureTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return TestReplicas.runner(this.dir, RaftAutoConfiguration.class, RaftHealthContributorAutoConfiguration.class);
	}

	/** RaftTemplate's futures always end: also those of proposals made after a listener stopped the replica. */
	@Test
	void aProposalAfterAThrowingListenerStoppedTheReplicaEndsWithinTheRequestTimeout() {
		runner().withUserConfiguration(ThrowingListener.class)
			.withPropertyValues("raft.request-timeout=1s")
			.run((context) -> {
				RaftTemplate raft = context.getBean(RaftTemplate.class);
				await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
				CompletableFuture<Applied> boom = raft.propose("boom".getBytes(StandardCharsets.UTF_8));
				await().atMost(Duration.ofSeconds(5)).until(boom::isDone);
				CompletableFuture<Applied> next = raft.propose("next".getBytes(StandardCharsets.UTF_8));
				await("a later proposal's future ends").atMost(Duration.ofSeconds(5)).until(next::isDone);
			});
	}

	/**
	 * A context whose refresh fails after the replica started (a later lifecycle, as a web server that
	 * cannot bind its port) leaves no Raft thread running and releases the storage directory.
	 */
	@Test
	void aFailedRefreshAfterRaftStartedLeavesNoRaftThreadBehind() throws Exception {
		runner().withUserConfiguration(FailingLaterLifecycle.class).run((context) -> assertThat(context).hasFailed());
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
			.extracting(Thread::getName)
			.filteredOn((name) -> name.startsWith("raft-"))
			.as("raft threads left after the failed start-up")
			.isEmpty());
		FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build()).close();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingLaterLifecycle {

		@Bean
		SmartLifecycle failingWebServerLike() {
			return new SmartLifecycle() {
				@Override
				public void start() {
					throw new IllegalStateException("port 8080 in use");
				}

				@Override
				public void stop() {
				}

				@Override
				public boolean isRunning() {
					return false;
				}

				@Override
				public int getPhase() {
					return Integer.MAX_VALUE - 2048;
				}
			};
		}

	}

}
