package org.raftboot.spring.autoconfigure.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.server.RaftServer;
import org.raftboot.spring.RaftStatusMonitor;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.spring.autoconfigure.RaftAutoConfiguration;
import org.raftboot.spring.autoconfigure.TestReplicas;
import org.raftboot.spring.metrics.RaftMeterBinder;
import org.raftboot.transport.Transport;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RaftMetricsAutoConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return TestReplicas.runner(this.dir, RaftAutoConfiguration.class, RaftMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class);
	}

	@Test
	void metersAreBoundWithTheNodeTag() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(RaftMeterBinder.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("raft.leader").tag("node", "1").gauge().value() == 1.0);
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			long index = raft.propose(new byte[] { 1 }).get(10, TimeUnit.SECONDS).index();
			// Recorded by a stage of the proposal's future, which may run just after the caller's get returns.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("raft.proposals").tag("node", "1").tag("result", "committed").timer().count() == 1);
			assertThat(registry.get("raft.proposals").tag("result", "dropped").timer().count()).isZero();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("raft.applied.index").gauge().value() >= index);
			assertThat(registry.get("raft.term").gauge().value()).isPositive();
			assertThat(registry.get("raft.commit.index").gauge().value()).isGreaterThanOrEqualTo(index);
			assertThat(registry.get("raft.leader.changes").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("raft.snapshots").tag("kind", "taken").functionCounter().count()).isZero();
			assertThat(registry.get("raft.snapshots").tag("kind", "received").functionCounter().count()).isZero();
			Timer persist = registry.get("raft.storage.persist").tag("node", "1").timer();
			assertThat(persist.count()).isPositive();
			assertThat(persist.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		});
	}

	@Test
	void meterBinderBacksOffForTheApplicationsOwn() {
		runner().withUserConfiguration(OwnBinder.class)
			.run((context) -> assertThat(context).hasSingleBean(RaftMeterBinder.class).hasBean("ownMeterBinder"));
	}

	@Test
	void metersAreNotBoundWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class, RaftMetricsAutoConfiguration.class))
			.withPropertyValues(TestReplicas.singleNode(this.dir))
			.run((context) -> assertThat(context).hasSingleBean(RaftTemplate.class).doesNotHaveBean(RaftMeterBinder.class));
	}

	@Test
	void replicaRunsWithoutMicrometerOnTheClasspath() {
		runner().withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasSingleBean(RaftTemplate.class).doesNotHaveBean(RaftMeterBinder.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBinder {

		@Bean
		RaftMeterBinder ownMeterBinder(RaftStatusMonitor monitor, Transport transport, RaftServer server) {
			return new RaftMeterBinder(monitor, transport, server);
		}

	}

}
