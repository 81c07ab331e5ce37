package org.raftboot.spring.autoconfigure.actuate;

import org.raftboot.server.RaftServerConfig;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.spring.actuate.endpoint.RaftEndpoint;
import org.raftboot.spring.autoconfigure.RaftAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code raft} actuator endpoint, when the actuator is present and the
 * endpoint is available (access allowed and exposed).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RaftAutoConfiguration.class)
@ConditionalOnClass({ RaftTemplate.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(RaftEndpoint.class)
public final class RaftEndpointAutoConfiguration {

	@Bean
	@ConditionalOnBean(RaftTemplate.class)
	@ConditionalOnMissingBean
	RaftEndpoint raftEndpoint(RaftTemplate raft, RaftServerConfig config) {
		return new RaftEndpoint(raft, config.requestTimeout());
	}

}
