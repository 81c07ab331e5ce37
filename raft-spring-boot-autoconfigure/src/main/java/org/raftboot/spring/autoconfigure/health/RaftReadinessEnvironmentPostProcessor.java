package org.raftboot.spring.autoconfigure.health;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Puts the {@code raft} health contributor into the readiness group (never liveness: a lost quorum is
 * not cured by restarting replicas) unless the application chose the group's members itself. Added as
 * the lowest-priority default, and only when the contributor and Boot's {@code readinessState} will
 * exist: with the probes off, a group naming {@code readinessState} would fail start-up.
 */
class RaftReadinessEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";

	static final String PROBES_ENABLED = "management.endpoint.health.probes.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean raftEnabled = environment.getProperty("raft.enabled", Boolean.class, true);
		boolean healthDefault = environment.getProperty("management.health.defaults.enabled", Boolean.class, true);
		boolean raftHealth = environment.getProperty("management.health.raft.enabled", Boolean.class, healthDefault);
		if (!raftEnabled || !raftHealth || !probesEnabled(environment) || environment.containsProperty(READINESS_INCLUDE)
				|| !ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator",
						application.getClassLoader())) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("raftReadinessGroup", Map.of(READINESS_INCLUDE, "readinessState,raft")));
	}

	/** As Boot decides ({@code AvailabilityProbesAutoConfiguration}): on unless set to anything but true. */
	private static boolean probesEnabled(ConfigurableEnvironment environment) {
		String probes = environment.getProperty(PROBES_ENABLED);
		return probes == null || Boolean.parseBoolean(probes);
	}

}
