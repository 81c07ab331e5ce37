package org.raftboot.spring.autoconfigure.health;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RaftReadinessEnvironmentPostProcessorTests {

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
	void theApplicationsOwnReadinessGroupIsKept() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE, "readinessState,db");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
			.isEqualTo("readinessState,db");
	}

	@Test
	void nothingIsAddedWhenRaftOrItsHealthIsDisabled() {
		for (String disabled : new String[] { "raft.enabled", "management.health.raft.enabled",
				"management.health.defaults.enabled" }) {
			MockEnvironment environment = new MockEnvironment().withProperty(disabled, "false");
			this.processor.postProcessEnvironment(environment, new SpringApplication());
			assertThat(environment.containsProperty(RaftReadinessEnvironmentPostProcessor.READINESS_INCLUDE))
				.as(disabled)
				.isFalse();
		}
	}

}
