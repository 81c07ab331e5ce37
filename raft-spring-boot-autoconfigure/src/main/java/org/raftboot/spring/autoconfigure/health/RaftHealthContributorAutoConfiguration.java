package org.raftboot.spring.autoconfigure.health;

import org.raftboot.spring.RaftStatusMonitor;
import org.raftboot.spring.autoconfigure.RaftAutoConfiguration;
import org.raftboot.spring.autoconfigure.RaftProperties;
import org.raftboot.spring.health.RaftHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code raft} health contributor, when spring-boot-health is present and
 * {@code management.health.raft.enabled} is not false (checked on the bean, so that the condition's class
 * is never loaded without spring-boot-health).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RaftAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass({ RaftStatusMonitor.class, ConditionalOnEnabledHealthIndicator.class })
public final class RaftHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnEnabledHealthIndicator("raft")
	@ConditionalOnBean(RaftStatusMonitor.class)
	@ConditionalOnMissingBean(name = "raftHealthIndicator")
	RaftHealthIndicator raftHealthIndicator(RaftStatusMonitor monitor, RaftProperties properties) {
		return new RaftHealthIndicator(monitor, properties.getHealth().getMaxAppliedLag());
	}

}
