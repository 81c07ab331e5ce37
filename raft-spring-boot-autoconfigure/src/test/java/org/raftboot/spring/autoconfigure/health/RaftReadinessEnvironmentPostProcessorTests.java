package org.raftboot.spring.autoconfigure.health;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.spring.autoconfigure.TestReplicas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RaftReadinessEnvironmentPostProcessorTests {

	@TempDir
	Path dir;

	private final RaftReadinessEnvironmentPostProcessor processor = new RaftReadinessEnvironmentPostProcessor();

	@Test
	void raftJoinsTheReadinessGroupByDefault() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
			.isEqualTo("readinessState,raft");
		assertThat(environment.getProperty("management.endpoint.health.group.liveness.include")).isNull();
	}

	@Test
	void raftJoinsTheReadinessGroupWhenTheProbesAreOnExplicitly() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(RaftReadinessEnvironmentPostProcessor.PROBES_ENABLED, "TRUE");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
			.isEqualTo("readinessState,raft");
	}

	@Test
	void theApplicationsOwnReadinessGroupIsKept() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE, "readinessState,db");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
			.isEqualTo("readinessState,db");
	}

	@Test
	void nothingIsAddedWhenRaftItsHealthOrTheProbesAreOff() {
		for (String disabled : new String[] { "raft.enabled", "management.health.raft.enabled",
				"management.health.defaults.enabled", RaftReadinessEnvironmentPostProcessor.PROBES_ENABLED }) {
			MockEnvironment environment = new MockEnvironment().withProperty(disabled, "false");
			this.processor.postProcessEnvironment(environment, new SpringApplication());
			assertThat(environment.containsProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
				.as(disabled)
				.isFalse();
		}
	}

	/**
	 * Regression: the group named {@code readinessState}, which does not exist with the probes off, and
	 * Boot refused to start.
	 */
	@Test
	void anApplicationWithTheProbesOffStarts() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.SERVLET)
			.properties(TestReplicas.singleNode(this.dir))
			.properties("server.port=0", RaftReadinessEnvironmentPostProcessor.PROBES_ENABLED + "=false",
					"spring.main.banner-mode=off")
			.run()) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
