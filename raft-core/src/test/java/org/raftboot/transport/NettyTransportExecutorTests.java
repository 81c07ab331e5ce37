package org.raftboot.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

/** The event loop a transport with one I/O thread offers to the nodes of its groups. */
class NettyTransportExecutorTests {

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void closeNodes() {
		this.nodes.close();
	}

	@Test
	void aTransportWithOneIoThreadReadsAndWritesEveryConnectionOnTheExecutorItOffers() {
		Node a = this.nodes.start(1, (b) -> b.ioThreads(1));
		Node b = this.nodes.start(2, (c) -> c.ioThreads(1));
		TestNodes.mesh(a, b);
		Executor loopOfB = b.transport().executorFor(Transport.DEFAULT_GROUP);
		assertThat(loopOfB).isNotNull();
		assertThat(b.transport().executorFor(7)).isSameAs(loopOfB);
		Thread threadOfB = threadOf(loopOfB);
		List<Thread> handledOn = new CopyOnWriteArrayList<>();
		b.handler().onEachMessage((m) -> {
			handledOn.add(Thread.currentThread());
			// An answer written from the event loop itself, as a node running there sends one.
			b.transport().send(List.of(TestNodes.heartbeat(2, 1, m.getIndex())));
		});
		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 1), TestNodes.heartbeat(1, 2, 2)));
		eventually().untilAsserted(() -> assertThat(a.handler().count()).isEqualTo(2));
		assertThat(handledOn).hasSize(2).allSatisfy((t) -> assertThat(t).isSameAs(threadOfB));
		assertThat(a.handler().messages()).extracting((m) -> m.getIndex()).containsExactly(1L, 2L);
	}

	@Test
	void aTransportWithSeveralIoThreadsOffersNone() {
		Node a = this.nodes.start(1, (b) -> b.ioThreads(2));
		assertThat(a.transport().executorFor(Transport.DEFAULT_GROUP)).isNull();
	}

	private static Thread threadOf(Executor executor) {
		CompletableFuture<Thread> thread = new CompletableFuture<>();
		executor.execute(() -> thread.complete(Thread.currentThread()));
		return thread.orTimeout(5, TimeUnit.SECONDS).join();
	}
}
