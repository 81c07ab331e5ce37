package org.raftboot.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.Ready;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.node.NodeFixtures.PATIENCE;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.storageWithVoters;

/** A node whose loop runs on an executor given to it: where it runs, how it shares it, how it stops. */
class NodeExecutorTests {

	private static final int ARMED = 1;

	private static final int HELD = 2;

	private static final int RELEASED = 3;

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void theLoopRunsOnTheExecutorGivenToIt() throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor((r) -> new Thread(r, "given-loop"));
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger), executor)) {
			CompletableFuture<String> readyOn = node.ready().thenApply((rd) -> Thread.currentThread().getName());
			node.campaign();
			assertThat(readyOn).succeedsWithin(PATIENCE).isEqualTo("given-loop");
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void aDrainHandsTheExecutorBackAfterItsBudgetAndGoesOnLater() {
		ManualExecutor executor = new ManualExecutor();
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger), executor)) {
			executor.runAll();
			List<CompletableFuture<Status>> statuses = new ArrayList<>();
			for (int i = 0; i < NodeLoop.MAX_TASKS_PER_DRAIN + 10; i++) {
				statuses.add(node.status());
			}
			assertThat(executor.pending()).isEqualTo(1);
			executor.runOne();
			assertThat(statuses).filteredOn(CompletableFuture::isDone).hasSize(NodeLoop.MAX_TASKS_PER_DRAIN);
			assertThat(executor.pending()).isEqualTo(1);
			executor.runAll();
			assertThat(statuses).allSatisfy((s) -> assertThat(s).isCompletedWithValueMatching((st) -> st.id() == 1));
		}
	}

	@Test
	void aNodeCampaignsOnAManualExecutorAsOnItsOwnThread() {
		ManualExecutor executor = new ManualExecutor();
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger), executor)) {
			CompletableFuture<Ready> next = node.ready();
			node.campaign();
			executor.runAll();
			assertThat(next).isCompletedWithValueMatching((rd) -> rd.softState().raftState() == StateType.StateCandidate);
		}
	}

	@Test
	void stopEndsALoopWhoseDrainIsOnlyScheduledWithoutWaitingForIt() throws Exception {
		ManualExecutor executor = new ManualExecutor();
		Node node = Node.restart(config(1, storageWithVoters(1), this.logger), executor);
		CompletableFuture<Status> queued = node.status();
		node.stop();
		assertThat(node.isStopped()).isTrue();
		assertThat(queued).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(NodeStoppedException.class);
		// The drain scheduled before the stop finds the loop ended.
		executor.runAll();
		assertThat(node.status()).isCompletedExceptionally();
		assertThat(executor.pending()).isZero();
	}

	/**
	 * A stop that comes while a drain ends (after the drain looked for one, before it left the loop
	 * idle) waits for that drain, which must then end the loop. Timing-dependent by nature: the drain
	 * spins at its turn's end until released, and each attempt lets the stop come a little later;
	 * before the fix, one of the first hundred attempts or so hung.
	 */
	@Test
	void aStopThatComesAsADrainEndsReturns() throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor((r) -> new Thread(r, "given-loop"));
		AtomicInteger turnEnd = new AtomicInteger();
		try {
			for (int attempt = 0; attempt < 1_000; attempt++) {
				Node node = Node.restart(config(1, storageWithVoters(1), this.logger), executor);
				node.afterEachTurn(() -> {
					if (turnEnd.compareAndSet(ARMED, HELD)) {
						while (turnEnd.get() == HELD) {
							Thread.onSpinWait();
						}
					}
				}).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
				turnEnd.set(ARMED);
				node.status();
				while (turnEnd.get() != HELD) {
					Thread.onSpinWait();
				}
				int spins = attempt % 200;
				CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
					turnEnd.set(RELEASED);
					for (int i = 0; i < spins; i++) {
						Thread.onSpinWait();
					}
					node.stop();
				});
				assertThat(stopped).as("attempt %d", attempt).succeedsWithin(PATIENCE);
				assertThat(node.isStopped()).isTrue();
			}
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void aNodeWhoseExecutorRefusesToRunItStops() {
		Executor refusing = (task) -> {
			throw new RejectedExecutionException("shut down");
		};
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger), refusing)) {
			assertThat(node.isStopped()).isTrue();
			assertThat(node.status()).failsWithin(Duration.ZERO)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(NodeStoppedException.class)
				.withCauseInstanceOf(RejectedExecutionException.class);
			assertThat(this.logger.lines()).anyMatch((line) -> line.startsWith("ERROR raft.node: 1 stopped"));
		}
	}

}
