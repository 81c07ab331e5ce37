package org.raftboot.spring.autoconfigure.actuate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.server.RaftServer;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.spring.actuate.endpoint.RaftDescriptor;
import org.raftboot.spring.actuate.endpoint.RaftEndpoint;
import org.raftboot.spring.autoconfigure.RaftAutoConfiguration;
import org.raftboot.spring.autoconfigure.TestReplicas;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class RaftEndpointAutoConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return TestReplicas.runner(this.dir, RaftAutoConfiguration.class, RaftEndpointAutoConfiguration.class);
	}

	@Test
	void endpointIsAutoConfiguredWhenExposedAndShowsTheStatus() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=raft").run((context) -> {
			assertThat(context).hasSingleBean(RaftEndpoint.class);
			RaftEndpoint endpoint = context.getBean(RaftEndpoint.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.status().leader() == 1);
			RaftDescriptor status = endpoint.status();
			assertThat(status.id()).isEqualTo(1);
			assertThat(status.state()).isEqualTo("StateLeader");
			assertThat(status.term()).isPositive();
			assertThat(status.configuration().voters()).containsExactly(1L);
			assertThat(status.configuration().outgoingVoters()).isEmpty();
			assertThat(status.progress()).containsOnlyKeys(1L);
			assertThat(status.progress().get(1L).state()).isEqualTo("StateReplicate");
			assertThat(endpoint.leadership("campaign", null).leader()).isEqualTo(1);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.leadership("transfer-leadership", null));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.leadership("abdicate", 2L));
		});
	}

	@Test
	void writeOperationsAreOffUntilTheUserGrantsAccess() {
		assertThat(RaftEndpoint.class.getAnnotation(Endpoint.class).defaultAccess()).isEqualTo(Access.READ_ONLY);
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class, RaftEndpointAutoConfiguration.class,
					EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
			.withPropertyValues(TestReplicas.singleNode(this.dir))
			.withPropertyValues("management.endpoints.web.exposure.include=raft");
		web.run((context) -> assertThat(webOperations(context)).containsExactly(OperationType.READ));
		web.withPropertyValues("management.endpoint.raft.access=UNRESTRICTED")
			.run((context) -> assertThat(webOperations(context)).containsExactlyInAnyOrder(OperationType.READ,
					OperationType.WRITE));
	}

	private static List<OperationType> webOperations(ApplicationContext context) {
		ExposableWebEndpoint raft = context.getBean(WebEndpointsSupplier.class)
			.getEndpoints()
			.stream()
			.filter((endpoint) -> endpoint.getEndpointId().toString().equals("raft"))
			.findFirst()
			.orElseThrow();
		return raft.getOperations().stream().map(WebOperation::getType).toList();
	}

	@Test
	void endpointIsNotAutoConfiguredUnlessExposed() {
		runner().run((context) -> assertThat(context).hasSingleBean(RaftServer.class).doesNotHaveBean(RaftEndpoint.class));
	}

	@Test
	void endpointIsNotAutoConfiguredWhenAccessIsNone() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=raft", "management.endpoint.raft.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(RaftEndpoint.class));
	}

	@Test
	void endpointBacksOffForTheApplicationsOwn() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=raft")
			.withUserConfiguration(OwnEndpoint.class)
			.run((context) -> assertThat(context).hasSingleBean(RaftEndpoint.class).hasBean("ownRaftEndpoint"));
	}

	@Test
	void replicaRunsWithoutTheActuatorOnTheClasspath() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=raft")
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(RaftTemplate.class).doesNotHaveBean(RaftEndpoint.class));
	}

	@Test
	void endpointIsNotAutoConfiguredWhenRaftIsDisabled() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=raft", "raft.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RaftEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpoint {

		@Bean
		RaftEndpoint ownRaftEndpoint(RaftTemplate raft) {
			return new RaftEndpoint(raft, Duration.ofSeconds(1));
		}

	}

}
