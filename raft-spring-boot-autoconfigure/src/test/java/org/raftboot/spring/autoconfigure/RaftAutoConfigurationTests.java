package org.raftboot.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.server.Applied;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;
import org.raftboot.server.StateMachine;
import org.raftboot.server.TransportEventRouter;
import org.raftboot.spring.PeerAddress;
import org.raftboot.spring.RaftSnapshotter;
import org.raftboot.spring.RaftStatusMonitor;
import org.raftboot.spring.RaftTemplate;
import org.raftboot.spring.event.RaftCommittedEvent;
import org.raftboot.spring.event.RaftConfChangeEvent;
import org.raftboot.spring.event.RaftLeaderChangedEvent;
import org.raftboot.spring.event.RaftRoleChangedEvent;
import org.raftboot.storage.FileStorage;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.Transport;
import org.raftboot.transport.TransportConfig;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class RaftAutoConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return TestReplicas.runner(this.dir, RaftAutoConfiguration.class);
	}

	@Test
	void replicaIsAutoConfiguredAndRunsAsASingleNodeClusterWithoutPeers() {
		runner().withUserConfiguration(Listener.class).run((context) -> {
			assertThat(context).hasSingleBean(RaftServerConfig.class)
				.hasSingleBean(FileStorage.class)
				.hasSingleBean(NettyTransport.class)
				.hasSingleBean(RaftServer.class)
				.hasSingleBean(RaftTemplate.class)
				.hasSingleBean(RaftStatusMonitor.class)
				.hasSingleBean(RaftServerLifecycle.class);
			RaftServerConfig config = context.getBean(RaftServerConfig.class);
			assertThat(context.getBean(RaftStatusMonitor.class).interval())
				.isEqualTo(config.tickInterval().multipliedBy(config.electionTick()));
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
			Applied applied = raft.propose("hello".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			assertThat(applied.result()).isEqualTo("reply to hello");
			Listener listener = context.getBean(Listener.class);
			assertThat(listener.committed).extracting(RaftCommittedEvent::dataAsString).containsExactly("hello");
			await().atMost(Duration.ofSeconds(10)).until(() -> !listener.leaders.isEmpty());
			assertThat(listener.leaders.get(0)).isEqualTo(new RaftLeaderChangedEvent(listener.leaders.get(0).term(), 0, 1));
		});
	}

	@Test
	void restartedReplicaRecoversFromItsStorageAndPublishesTheLogAgainInOrder() {
		List<String> written = List.of("a", "b", "c");
		runner().withUserConfiguration(Listener.class).run((context) -> {
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
			for (String command : written) {
				raft.propose(command.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			}
		});
		runner().withUserConfiguration(Listener.class).run((context) -> {
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
			raft.propose("d".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			List<RaftCommittedEvent> committed = context.getBean(Listener.class).committed;
			assertThat(committed).extracting(RaftCommittedEvent::dataAsString).containsExactly("a", "b", "c", "d");
			assertThat(committed).extracting(RaftCommittedEvent::index).isSorted().doesNotHaveDuplicates();
		});
	}

	@Test
	void membershipChangesThroughTheTemplateArePublished() {
		runner().withUserConfiguration(Listener.class).run((context) -> {
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
			assertThatIllegalArgumentException().isThrownBy(() -> raft.addVoter(2, "127.0.0.1"))
				.withMessage("expected host:port");
			Applied before = raft.propose("before".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			Applied added = raft.addLearner(2, PeerAddress.parse("127.0.0.1:9")).get(10, TimeUnit.SECONDS);
			Applied after = raft.propose("after".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			Listener listener = context.getBean(Listener.class);
			RaftConfChangeEvent event = listener.confChanges.get(listener.confChanges.size() - 1);
			assertThat(event.index()).isEqualTo(added.index());
			assertThat(event.term()).isEqualTo(added.term());
			assertThat(event.voters()).containsExactly(1L);
			assertThat(event.learners()).containsExactly(2L);
			assertThat(event.outgoingVoters()).isEmpty();
			assertThat(listener.journal).containsSubsequence("commit " + before.index(), "conf " + added.index(),
					"commit " + after.index());
			assertThat(listener.journal.indexOf("conf " + added.index()))
				.isEqualTo(listener.journal.indexOf("commit " + after.index()) - 1);
			assertThat(listener.confChanges).extracting(RaftConfChangeEvent::index).first().isEqualTo(1L);
			assertThat(listener.journal).as("a configuration change is not a committed normal entry")
				.doesNotContain("commit " + added.index());
			assertThat(listener.committed).extracting(RaftCommittedEvent::type).containsOnly(EntryType.EntryNormal);
			assertThat(listener.threads).as("every event is published on the apply thread").containsExactly("raft-apply-0-1");
		});
	}

	@Test
	void campaignThroughTheTemplateElectsTheReplicaBeforeItsElectionTimeout() {
		runner().withPropertyValues("raft.election-tick=3000").withUserConfiguration(Listener.class).run((context) -> {
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			assertThat(raft.leaderId()).isZero();
			raft.campaign().get(10, TimeUnit.SECONDS);
			assertThat(raft.isLeader()).isTrue();
			Listener listener = context.getBean(Listener.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> !listener.leaders.isEmpty() && !listener.roles.isEmpty());
			assertThat(listener.leaders).last().extracting(RaftLeaderChangedEvent::newLeader).isEqualTo(1L);
			assertThat(listener.roles).last().extracting(RaftRoleChangedEvent::newRole).isEqualTo(StateType.StateLeader);
		});
	}

	/** Regression: the exception ended the apply thread, and no proposal committed any more. */
	@Test
	void leaderAndRoleListenersThatThrowAreLoggedAndTheReplicaCarriesOn(CapturedOutput output) {
		runner().withUserConfiguration(ThrowingNotificationListeners.class).run((context) -> {
			RaftTemplate raft = context.getBean(RaftTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
			assertThat(raft.propose("x".getBytes(StandardCharsets.UTF_8))
				.handle((applied, error) -> (error == null) ? "applied" : error.toString())
				.get(10, TimeUnit.SECONDS)).isEqualTo("applied");
			assertThat(output).contains("A listener of RaftLeaderChangedEvent")
				.contains("A listener of RaftRoleChangedEvent")
				.contains("notifier down");
		});
	}

	@Test
	void lifecycleStartsBeforeAndStopsAfterTheWebServer() {
		runner().run((context) -> {
			SmartLifecycle lifecycle = context.getBean(RaftServerLifecycle.class);
			assertThat(lifecycle.getPhase()).isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
				.isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
			assertThat(lifecycle.isRunning()).isTrue();
			assertThat(lifecycle.isPauseable()).isFalse();
		});
	}

	@Test
	void nothingIsConfiguredWhenDisabled() {
		runner().withPropertyValues("raft.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RaftServer.class)
				.doesNotHaveBean(RaftTemplate.class)
				.doesNotHaveBean(Transport.class)
				.doesNotHaveBean(RaftProperties.class));
	}

	@Test
	void nothingIsConfiguredWithoutTheRuntimeOnTheClasspath() {
		runner().withClassLoader(new FilteredClassLoader(RaftServer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RaftTemplate.class));
	}

	@Test
	void backsOffForTheApplicationsOwnBeans() {
		runner().withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(RaftTemplate.class).hasBean("ownTemplate");
			assertThat(context).hasSingleBean(StateMachine.class).hasBean("ownStateMachine");
			assertThat(context).hasSingleBean(RaftServerConfig.class).hasBean("ownConfig");
			assertThat(context.getBean(RaftServerConfig.class).electionTick()).isEqualTo(7);
		});
	}

	@Test
	void backsOffForTheApplicationsOwnStorageTransportAndServer() {
		runner().withBean("ownStorage", FileStorage.class, () -> FileStorage.open(this.dir.resolve("own")))
			.withUserConfiguration(OwnServer.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(FileStorage.class).hasBean("ownStorage");
				assertThat(context).hasSingleBean(Transport.class).hasBean("ownTransport");
				assertThat(context).hasSingleBean(RaftServer.class).hasBean("ownServer");
				assertThat(context).hasSingleBean(TransportEventRouter.class).hasBean("ownRouter");
				assertThat(this.dir.resolve("own")).isDirectory();
				RaftTemplate raft = context.getBean(RaftTemplate.class);
				assertThat(raft.server()).isSameAs(context.getBean("ownServer"));
				await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
				assertThat(raft.propose(new byte[] { 1 }).get(10, TimeUnit.SECONDS).index()).isPositive();
			});
	}

	@Test
	void snapshotsAreOffWithoutASnapshotterAndTheLogSaysSo(CapturedOutput output) {
		runner().run((context) -> {
			assertThat(context.getBean(RaftServerConfig.class).snapshotEntries()).isEqualTo(Long.MAX_VALUE);
			assertThat(output).contains("No RaftSnapshotter bean: Raft snapshots and log compaction are off")
				.contains("will grow without bound");
		});
	}

	@Test
	void snapshotsAreTakenWithASnapshotter(CapturedOutput output) {
		runner().withUserConfiguration(Snapshotter.class)
			.withPropertyValues("raft.snapshot.entries=5", "raft.snapshot.catch-up-entries=2")
			.run((context) -> {
				RaftServerConfig config = context.getBean(RaftServerConfig.class);
				assertThat(config.snapshotEntries()).isEqualTo(5);
				assertThat(config.snapshotKeepEntries()).isEqualTo(2);
				RaftTemplate raft = context.getBean(RaftTemplate.class);
				await().atMost(Duration.ofSeconds(10)).until(raft::isLeader);
				for (int i = 0; i < 10; i++) {
					raft.propose(new byte[] { (byte) i }).get(10, TimeUnit.SECONDS);
				}
				assertThat(context.getBean(Snapshotter.class).taken).isPositive();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(RaftServer.class).snapshotsTaken() > 0);
				assertThat(output).doesNotContain("No RaftSnapshotter bean");
			});
	}

	@Test
	void boundValuesReachTheRuntimeConfiguration() {
		runner().withPropertyValues("raft.election-tick=20", "raft.heartbeat-tick=2", "raft.tick-interval=50ms",
				"raft.read-only-option=lease-based", "raft.request-timeout=3s", "raft.disable-proposal-forwarding=true",
				"raft.pre-vote=false", "raft.max-size-per-msg=64KB", "raft.max-inflight-msgs=32",
				"raft.max-uncommitted-entries-size=16MB", "raft.max-inflight-bytes=1MB", "raft.max-committed-size-per-ready=2MB")
			.run((context) -> {
				RaftServerConfig config = context.getBean(RaftServerConfig.class);
				assertThat(config.nodeId()).isEqualTo(1);
				assertThat(config.electionTick()).isEqualTo(20);
				assertThat(config.heartbeatTick()).isEqualTo(2);
				assertThat(config.tickInterval()).isEqualTo(Duration.ofMillis(50));
				assertThat(config.readOnlyOption()).isEqualTo(ReadOnlyOption.LEASE_BASED);
				assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.disableProposalForwarding()).isTrue();
				assertThat(config.preVote()).isFalse();
				assertThat(config.checkQuorum()).isTrue();
				assertThat(config.maxSizePerMsg()).isEqualTo(64 * 1024);
				assertThat(config.maxInflightMsgs()).isEqualTo(32);
				assertThat(config.maxUncommittedEntriesSize()).isEqualTo(16 * 1024 * 1024);
				assertThat(config.maxInflightBytes()).isEqualTo(1024 * 1024);
				assertThat(config.maxCommittedSizePerReady()).isEqualTo(2 * 1024 * 1024);
			});
		runner().withPropertyValues("raft.check-quorum=false").run((context) -> {
			RaftServerConfig config = context.getBean(RaftServerConfig.class);
			assertThat(config.checkQuorum()).isFalse();
			assertThat(config.preVote()).isTrue();
			assertThat(config.maxSizePerMsg()).isEqualTo(1024 * 1024);
			assertThat(config.maxInflightMsgs()).isEqualTo(256);
			assertThat(config.maxUncommittedEntriesSize()).as("0 = unlimited, as etcd").isZero();
			assertThat(config.maxInflightBytes()).isZero();
			assertThat(config.maxCommittedSizePerReady()).isZero();
		});
	}

	@Test
	void peersBootstrapAnEmptyDirectoryAndARestartKeepsTheConfigurationItStored() throws IOException {
		String[] peers = { "raft.peers.1=127.0.0.1:" + freePort(), "raft.peers.2=127.0.0.1:" + freePort(),
				"raft.peers.3=127.0.0.1:" + freePort() };
		runner().withPropertyValues(peers).run((context) -> assertThat(voters(context)).containsExactly(1L, 2L, 3L));
		runner().withPropertyValues(peers)
			.withPropertyValues("raft.peers.4=127.0.0.1:" + freePort())
			.run((context) -> {
				// Restarted as etcd's RestartNode: the configuration comes back as the stored log is applied.
				await().atMost(Duration.ofSeconds(10)).until(() -> !voters(context).isEmpty());
				assertThat(voters(context)).as("restarted from storage, peers give addresses only")
					.containsExactly(1L, 2L, 3L);
			});
	}

	@Test
	void aJoiningReplicaStartsWithoutAConfigurationAndWaitsToBeAdded() throws IOException {
		runner().withPropertyValues("raft.join=true", "raft.peers.1=127.0.0.1:" + freePort(),
				"raft.peers.2=127.0.0.1:" + freePort())
			.run((context) -> {
				assertThat(voters(context)).isEmpty();
				assertThat(context.getBean(RaftTemplate.class).status().get(10, TimeUnit.SECONDS).raft().config().learners)
					.isEmpty();
			});
	}

	@Test
	void commandLineArgumentsOverrideTheApplicationsProperties() throws IOException {
		String[] defaults = TestReplicas.singleNode(this.dir);
		int port = freePort();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandLineApplication.class)
			.web(WebApplicationType.NONE)
			.properties(defaults)
			.properties("raft.peers.1=127.0.0.1:" + freePort(), "raft.peers.2=127.0.0.1:1", "raft.election-tick=10")
			.run("--raft.peers.2=127.0.0.1:" + port, "--raft.election-tick=15", "--spring.main.banner-mode=off")) {
			RaftProperties properties = context.getBean(RaftProperties.class);
			assertThat(properties.getPeers()).containsEntry(2L, "127.0.0.1:" + port);
			assertThat(properties.getElectionTick()).isEqualTo(15);
			assertThat(context.getBean(RaftServerConfig.class).electionTick()).isEqualTo(15);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		final List<RaftCommittedEvent> committed = new CopyOnWriteArrayList<>();

		final List<RaftLeaderChangedEvent> leaders = new CopyOnWriteArrayList<>();

		final List<RaftConfChangeEvent> confChanges = new CopyOnWriteArrayList<>();

		final List<RaftRoleChangedEvent> roles = new CopyOnWriteArrayList<>();

		/** Committed entries and configuration changes, as published. */
		final List<String> journal = new CopyOnWriteArrayList<>();

		/** The threads every event was published on. */
		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@EventListener
		void on(RaftCommittedEvent event) {
			this.threads.add(Thread.currentThread().getName());
			this.committed.add(event);
			this.journal.add("commit " + event.index());
			event.setReply("reply to " + event.dataAsString());
		}

		@EventListener
		void on(RaftLeaderChangedEvent event) {
			this.threads.add(Thread.currentThread().getName());
			this.leaders.add(event);
		}

		@EventListener
		void on(RaftConfChangeEvent event) {
			this.threads.add(Thread.currentThread().getName());
			this.confChanges.add(event);
			this.journal.add("conf " + event.index());
		}

		@EventListener
		void on(RaftRoleChangedEvent event) {
			this.threads.add(Thread.currentThread().getName());
			this.roles.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThrowingNotificationListeners {

		@EventListener
		void on(RaftLeaderChangedEvent event) {
			throw new IllegalStateException("notifier down");
		}

		@EventListener
		void on(RaftRoleChangedEvent event) {
			throw new IllegalStateException("notifier down");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		RaftTemplate ownTemplate(RaftServer server) {
			return new RaftTemplate(server, List.of());
		}

		@Bean
		StateMachine ownStateMachine() {
			return new StateMachine() {
				@Override
				public Object apply(org.raftboot.server.CommittedEntry entry) {
					return null;
				}

				@Override
				public void snapshot(OutputStream out) {
				}

				@Override
				public void restore(InputStream in) {
				}
			};
		}

		@Bean
		RaftServerConfig ownConfig() {
			return RaftServerConfig.builder(1).electionTick(7).tickInterval(Duration.ofMillis(10)).build();
		}

	}

	static class Snapshotter implements RaftSnapshotter {

		volatile int taken;

		@Override
		public void snapshot(OutputStream out) throws IOException {
			this.taken++;
			out.write(this.taken);
		}

		@Override
		public void restore(InputStream in) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnServer {

		@Bean
		TransportEventRouter ownRouter() {
			return new TransportEventRouter();
		}

		@Bean
		NettyTransport ownTransport(TransportEventRouter router) {
			return new NettyTransport(TransportConfig.builder(1, 1).bindAddress(new InetSocketAddress("127.0.0.1", 0)).build(),
					router);
		}

		@Bean
		RaftServer ownServer(RaftServerConfig config, FileStorage storage, Transport transport, TransportEventRouter router,
				StateMachine stateMachine) {
			return RaftServer.builder(config)
				.storage(storage)
				.transport(transport, router, false)
				.stateMachine(stateMachine)
				.peers(Map.of(1L, new InetSocketAddress("127.0.0.1", 0)))
				.build();
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration(RaftAutoConfiguration.class)
	static class CommandLineApplication {

	}

	private static List<Long> voters(ApplicationContext context) throws Exception {
		long[] voters = context.getBean(RaftTemplate.class).status().get(10, TimeUnit.SECONDS).raft().config().voters
			.incoming()
			.slice();
		return Arrays.stream(voters).boxed().toList();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
