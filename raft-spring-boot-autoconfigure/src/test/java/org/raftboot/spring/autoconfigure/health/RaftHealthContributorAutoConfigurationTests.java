package org.raftboot.spring.autoconfigure.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.spring.autoconfigure.RaftAutoConfiguration;
import org.raftboot.spring.autoconfigure.ThrowingListener;
import org.raftboot.spring.autoconfigure.TestReplicas;
import org.raftboot.spring.health.RaftHealthIndicator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RaftHealthContributorAutoConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return TestReplicas.runner(this.dir, RaftAutoConfiguration.class, RaftHealthContributorAutoConfiguration.class);
	}

	@Test
	void healthIndicatorIsAutoConfiguredAndUpOnceALeaderIsKnown() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(RaftHealthIndicator.class).hasBean("raftHealthIndicator");
			RaftHealthIndicator indicator = context.getBean(RaftHealthIndicator.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.UP));
			Health health = indicator.health();
			assertThat(health.getDetails()).containsEntry("leader", 1L)
				.containsEntry("id", 1L)
				.containsEntry("state", "StateLeader")
				.containsKeys("term", "commit", "applied")
				.doesNotContainKey("reason");
		});
	}

	@Test
	void healthIndicatorIsDownWithAReasonWhenTheAppliedIndexLags() {
		runner().withPropertyValues("raft.health.max-applied-lag=-1").run((context) -> {
			RaftHealthIndicator indicator = context.getBean(RaftHealthIndicator.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getDetails().containsKey("leader")
					&& !indicator.health().getDetails().get("leader").equals(0L));
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) health.getDetails().get("reason")).contains("applied index lags the commit index");
		});
	}

	@Test
	void healthIndicatorIsDownWithAReasonWhileNoLeaderIsKnown() throws IOException {
		// Two of the three voters never start: no leader can ever be elected.
		runner().withPropertyValues("raft.peers.1=127.0.0.1:" + freePort(), "raft.peers.2=127.0.0.1:" + freePort(),
				"raft.peers.3=127.0.0.1:" + freePort())
			.run((context) -> {
				RaftHealthIndicator indicator = context.getBean(RaftHealthIndicator.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getDetails().containsKey("state"));
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("reason", "no leader known")
					.containsEntry("id", 1L)
					.containsEntry("leader", 0L)
					.containsKeys("term", "commit", "applied");
			});
	}

	/** Regression: the failing looks were ignored, and the last status seen (UP) was reported forever. */
	@Test
	void healthIndicatorIsDownWithAReasonOnceAThrowingListenerStoppedTheReplica() {
		runner().withUserConfiguration(ThrowingListener.class).run((context) -> {
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			RaftHealthIndicator indicator = context.getBean(RaftHealthIndicator.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.UP));
			raft.propose("boom".getBytes(StandardCharsets.UTF_8));
			// The monitor looks every 100 ms (10 ms ticks x 10): give it several looks.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN));
			assertThat(indicator.health().getDetails())
				.containsEntry("reason", "the Raft replica stopped or does not answer")
				.containsKey("error");
		});
	}

	@Test
	void healthIndicatorBacksOffForTheApplicationsOwn() {
		runner().withBean("raftHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(RaftHealthIndicator.class).hasBean("raftHealthIndicator"));
	}

	@Test
	void healthIndicatorIsNotAutoConfiguredWhenDisabled() {
		runner().withPropertyValues("management.health.raft.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RaftHealthIndicator.class));
	}

	@Test
	void healthIndicatorIsNotAutoConfiguredWhenRaftIsDisabled() {
		runner().withPropertyValues("raft.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RaftHealthIndicator.class));
	}

	@Test
	void replicaRunsWithoutSpringBootHealthOnTheClasspath() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasSingleBean(RaftTemplate.class)
				.doesNotHaveBean(RaftHealthIndicator.class));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
