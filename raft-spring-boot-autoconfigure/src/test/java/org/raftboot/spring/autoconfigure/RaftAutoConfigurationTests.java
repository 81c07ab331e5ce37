package org.raftboot.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.raft.StateType;
import org.raftboot.server.Applied;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;
import org.raftboot.server.StateMachine;
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

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class))
			.withPropertyValues(TestReplicas.singleNode(this.dir));
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

	@Test
	void lifecycleStartsBeforeAndStopsAfterTheWebServer() {
		runner().run((context) -> {
			SmartLifecycle lifecycle = context.getBean(RaftServerLifecycle.class);
			int webServerStartStopPhase = SmartLifecycle.DEFAULT_PHASE - 2048;
			assertThat(lifecycle.getPhase()).isLessThan(webServerStartStopPhase);
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
				"raft.read-only-option=lease-based", "raft.request-timeout=3s", "raft.disable-proposal-forwarding=true")
			.run((context) -> {
				RaftServerConfig config = context.getBean(RaftServerConfig.class);
				assertThat(config.electionTick()).isEqualTo(20);
				assertThat(config.heartbeatTick()).isEqualTo(2);
				assertThat(config.tickInterval()).isEqualTo(Duration.ofMillis(50));
				assertThat(config.readOnlyOption()).isEqualTo(ReadOnlyOption.LEASE_BASED);
				assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.disableProposalForwarding()).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		final List<RaftCommittedEvent> committed = new CopyOnWriteArrayList<>();

		final List<RaftLeaderChangedEvent> leaders = new CopyOnWriteArrayList<>();

		final List<RaftConfChangeEvent> confChanges = new CopyOnWriteArrayList<>();

		final List<RaftRoleChangedEvent> roles = new CopyOnWriteArrayList<>();

		/** Committed entries and configuration changes, as published. */
		final List<String> journal = new CopyOnWriteArrayList<>();

		@EventListener
		void on(RaftCommittedEvent event) {
			this.committed.add(event);
			this.journal.add("commit " + event.index());
			event.setReply("reply to " + event.dataAsString());
		}

		@EventListener
		void on(RaftLeaderChangedEvent event) {
			this.leaders.add(event);
		}

		@EventListener
		void on(RaftConfChangeEvent event) {
			this.confChanges.add(event);
			this.journal.add("conf " + event.index());
		}

		@EventListener
		void on(RaftRoleChangedEvent event) {
			this.roles.add(event);
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

}
