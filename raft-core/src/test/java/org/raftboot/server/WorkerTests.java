package org.raftboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkerTests {

	private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	@Test
	void whatIsQueuedWhileTheHandlerIsBusyComesAsOneBatchInOrder() throws InterruptedException {
		CountDownLatch inFirstBatch = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Worker<Integer> worker = new Worker<>("worker-test", (batch) -> {
			this.batches.add(new ArrayList<>(batch));
			if (batch.contains(0)) {
				inFirstBatch.countDown();
				await().atMost(Duration.ofSeconds(10)).until(() -> release.getCount() == 0);
			}
		}, this.failure::set);
		worker.start();
		worker.submit(0);
		inFirstBatch.await();
		for (int i = 1; i <= 5; i++) {
			worker.submit(i);
		}
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.batches.size() == 2);
		worker.stop();
		assertThat(this.batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
		assertThat(this.failure.get()).isNull();
	}

	@Test
	void itemsSubmittedOneByOneAsEachIsHandledAreAllHandled() {
		// Each item is submitted the moment the previous one was handled, while the thread goes from
		// its handler back to the empty queue and to sleep: it must wake for every one.
		AtomicInteger handled = new AtomicInteger();
		Worker<Integer> worker = new Worker<>("worker-test-race", (batch) -> handled.addAndGet(batch.size()),
				this.failure::set);
		worker.start();
		for (int i = 0; i < 5_000; i++) {
			worker.submit(i);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (handled.get() <= i) {
				assertThat(System.nanoTime() - deadline).as("item %d still queued", i).isNegative();
				Thread.onSpinWait();
			}
		}
		worker.stop();
		assertThat(handled).hasValue(5_000);
		assertThat(this.failure.get()).isNull();
	}

	@Test
	void aFailingHandlerEndsTheThreadAndIsReported() {
		Worker<Integer> worker = new Worker<>("worker-test", (batch) -> {
			throw new IllegalStateException("broken");
		}, this.failure::set);
		worker.start();
		worker.submit(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.failure.get() != null);
		assertThat(this.failure.get()).hasMessage("broken");
		worker.stop();
	}

	@Test
	void stopEndsTheThreadAndWaitsForIt() {
		Worker<Integer> worker = new Worker<>("worker-test-stop", this.batches::add, this.failure::set);
		worker.start();
		worker.stop();
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((t) -> t.getName().equals("worker-test-stop"));
	}
}
