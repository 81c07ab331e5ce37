package org.raftboot.spring.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.raftboot.raft.StorageException;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;
import org.raftboot.server.StateMachine;
import org.raftboot.server.TransportEventRouter;
import org.raftboot.spring.RaftProposalObserver;
import org.raftboot.spring.RaftSnapshotter;
import org.raftboot.spring.RaftStatusMonitor;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.storage.CorruptedStorageException;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.Transport;
import org.raftboot.transport.TransportConfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of a Raft replica from {@code raft.*}: its
 * configuration, durable storage, Netty transport, the runtime (started and stopped with the context),
 * the {@link RaftTemplate} facade and the application events (committed entries, configuration, leader
 * and role changes). Every bean backs off for one of the
 * application's own.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(RaftServer.class)
@ConditionalOnBooleanProperty(name = "raft.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RaftProperties.class)
public final class RaftAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RaftAutoConfiguration.class);

	private final Environment environment;

	RaftAutoConfiguration(Environment environment) {
		this.environment = environment;
	}

	@Bean
	@ConditionalOnMissingBean
	RaftServerConfig raftServerConfig(RaftProperties properties, ObjectProvider<RaftSnapshotter> snapshotter) {
		PropertyChecks.check(properties, this.environment);
		RaftServerConfig.Builder builder = RaftServerConfig.builder(properties.getNodeId())
			.tickInterval(properties.getTickInterval())
			.electionTick(properties.getElectionTick())
			.heartbeatTick(properties.getHeartbeatTick())
			.preVote(properties.isPreVote())
			.checkQuorum(properties.isCheckQuorum())
			.readOnlyOption(properties.getReadOnlyOption())
			.maxSizePerMsg(properties.getMaxSizePerMsg().toBytes())
			.maxInflightMsgs(properties.getMaxInflightMsgs())
			.maxUncommittedEntriesSize(properties.getMaxUncommittedEntriesSize().toBytes())
			.maxInflightBytes(properties.getMaxInflightBytes().toBytes())
			.maxCommittedSizePerReady(properties.getMaxCommittedSizePerReady().toBytes())
			.disableProposalForwarding(properties.isDisableProposalForwarding())
			.requestTimeout(properties.getRequestTimeout());
		RaftProperties.Snapshot snapshot = properties.getSnapshot();
		if (snapshotter.getIfAvailable() != null) {
			builder.snapshot(snapshot.getEntries(), snapshot.getCatchUpEntries());
		}
		else {
			builder.snapshot(Long.MAX_VALUE, snapshot.getCatchUpEntries());
			logger.warn("No RaftSnapshotter bean: Raft snapshots and log compaction are off, so the Raft log in "
					+ storageDir(properties).toAbsolutePath() + " will grow without bound. Define a RaftSnapshotter bean "
					+ "to switch them on.");
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	TransportEventRouter raftTransportEventRouter() {
		return new TransportEventRouter();
	}

	@Bean
	@ConditionalOnMissingBean(Transport.class)
	NettyTransport raftTransport(RaftProperties properties, TransportEventRouter router) {
		Map<Long, InetSocketAddress> peers = PropertyChecks.check(properties, this.environment);
		RaftProperties.Transport transport = properties.getTransport();
		int frame = Math.toIntExact(transport.getMaxFrameSize().toBytes());
		TransportConfig config = TransportConfig.builder(properties.getClusterId(), properties.getNodeId())
			.bindAddress(bindAddress(properties, peers))
			.maxFrameSize(frame)
			.maxQueuedBytes(Math.max(TransportConfig.DEFAULT_MAX_QUEUED_BYTES, 4L * frame))
			.snapshotChunkSize(Math.min(TransportConfig.DEFAULT_SNAPSHOT_CHUNK_SIZE, frame / 2))
			.tls(TransportSecurity.tls(transport.getTls()))
			.build();
		return new NettyTransport(config, router);
	}

	@Bean
	@ConditionalOnMissingBean
	FileStorage raftStorage(RaftProperties properties) {
		PropertyChecks.check(properties, this.environment);
		Path dir = storageDir(properties);
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw RaftStartupException.storageNotWritable(dir, ex);
		}
		if (!Files.isWritable(dir)) {
			throw RaftStartupException.storageNotWritable(dir, null);
		}
		RaftProperties.Storage storage = properties.getStorage();
		FileStorageOptions options = FileStorageOptions.builder(dir)
			.fsync(storage.isFsync())
			.segmentSize(storage.getSegmentSize().toBytes())
			.build();
		try {
			return FileStorage.open(options);
		}
		catch (CorruptedStorageException ex) {
			throw ex;
		}
		catch (StorageException ex) {
			throw (ex.getCause() == null) ? RaftStartupException.storageLocked(dir, ex) : ex;
		}
	}

	@Bean
	@ConditionalOnMissingBean
	StateMachine raftStateMachine(ApplicationEventPublisher publisher, ObjectProvider<RaftSnapshotter> snapshotter) {
		return new EventPublishingStateMachine(publisher, snapshotter.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	RaftServer raftServer(RaftProperties properties, RaftServerConfig config, FileStorage storage, Transport transport,
			TransportEventRouter router, StateMachine stateMachine, ApplicationEventPublisher publisher) {
		Map<Long, InetSocketAddress> peers = PeerAddresses.of(properties);
		if (peers.isEmpty()) {
			peers = Map.of(properties.getNodeId(), selfAddress(properties));
		}
		return RaftServer.builder(config)
			.storage(storage)
			.transport(transport, router, false)
			.stateMachine(stateMachine)
			.listener(new EventPublishingListener(publisher))
			.peers(peers)
			.join(properties.isJoin())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RaftStatusMonitor raftStatusMonitor(RaftServer server, RaftProperties properties) {
		// An election timeout (1 s by default): fresh enough for health and gauges, and an idle replica is
		// not woken every tick for a status nobody reads.
		return new RaftStatusMonitor(server, properties.getTickInterval().multipliedBy(properties.getElectionTick()));
	}

	@Bean
	@ConditionalOnMissingBean
	RaftServerLifecycle raftServerLifecycle(RaftServer server, Transport transport, RaftStatusMonitor monitor,
			RaftProperties properties) {
		return new RaftServerLifecycle(server, transport, monitor, bindAddress(properties, PeerAddresses.of(properties)),
				properties.getTickInterval().multipliedBy(properties.getElectionTick()));
	}

	@Bean
	@ConditionalOnMissingBean
	RaftTemplate raftTemplate(RaftServer server, ObjectProvider<RaftProposalObserver> observers) {
		return new RaftTemplate(server, observers.orderedStream().toList());
	}

	static Path storageDir(RaftProperties properties) {
		Path dir = properties.getStorage().getDir();
		return (dir != null) ? dir : Path.of("data", "raft-" + properties.getNodeId());
	}

	private static InetSocketAddress bindAddress(RaftProperties properties, Map<Long, InetSocketAddress> peers) {
		Integer port = properties.getTransport().getPort();
		InetSocketAddress own = peers.get(properties.getNodeId());
		int bindPort = (port != null) ? port : (own != null) ? own.getPort() : 0;
		return new InetSocketAddress(properties.getTransport().getBindAddress(), bindPort);
	}

	/** Where a single-node cluster of its own (no raft.peers) says it is. */
	private static InetSocketAddress selfAddress(RaftProperties properties) {
		InetSocketAddress bind = bindAddress(properties, Map.of());
		String host = bind.getAddress() != null && bind.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bind.getHostString();
		return new InetSocketAddress(host, bind.getPort());
	}

}
