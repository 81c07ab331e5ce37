package org.raftboot.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.raftboot.server.RaftServer;
import org.raftboot.spring.RaftStatusMonitor;
import org.raftboot.spring.autoconfigure.RaftAutoConfiguration;
import org.raftboot.spring.metrics.RaftMeterBinder;
import org.raftboot.transport.Transport;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the Raft meters, when Micrometer and a meter registry are present.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = RaftAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, RaftStatusMonitor.class })
@ConditionalOnBean({ MeterRegistry.class, RaftStatusMonitor.class })
public final class RaftMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RaftMeterBinder raftMeterBinder(RaftStatusMonitor monitor, Transport transport, RaftServer server) {
		return new RaftMeterBinder(monitor, transport, server.id());
	}

}
