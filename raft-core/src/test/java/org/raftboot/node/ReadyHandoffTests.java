package org.raftboot.node;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.storageWithVoters;

/** The handoff of Ready batches, driven by hand as the loop thread would. */
class ReadyHandoffTests {

	private final RawNode rawNode = new RawNode(config(1, storageWithVoters(1), new RecordingLogger()));

	@Test
	void aReadyTakenForAWaiterThatGaveUpGoesToTheNextWaiter() {
		ReadyHandoff handoff = new ReadyHandoff(false);
		CompletableFuture<Ready> gaveUp = new CompletableFuture<>();
		handoff.request(gaveUp);
		this.rawNode.campaign();
		gaveUp.cancel(false);
		handoff.serve(this.rawNode);

		CompletableFuture<Ready> next = new CompletableFuture<>();
		handoff.request(next);
		handoff.serve(this.rawNode);
		assertThat(next).isCompleted();
		assertThat(next.join().hardState().getTerm()).isEqualTo(1);
	}

	@Test
	void withoutAsyncStorageWritesTheNextReadyWaitsForAdvance() {
		ReadyHandoff handoff = new ReadyHandoff(false);
		this.rawNode.campaign();
		CompletableFuture<Ready> first = new CompletableFuture<>();
		handoff.request(first);
		handoff.serve(this.rawNode);
		assertThat(first).isCompleted();

		CompletableFuture<Ready> second = new CompletableFuture<>();
		handoff.request(second);
		handoff.serve(this.rawNode);
		assertThat(second).isNotDone();
		handoff.advance(this.rawNode);
		handoff.serve(this.rawNode);
		assertThat(second).isCompleted();
	}

	@Test
	void anAdvanceWithoutADeliveredReadyIsIgnored() {
		ReadyHandoff handoff = new ReadyHandoff(false);
		handoff.advance(this.rawNode);
		this.rawNode.campaign();
		CompletableFuture<Ready> waiter = new CompletableFuture<>();
		handoff.request(waiter);
		handoff.serve(this.rawNode);
		assertThat(waiter).isCompleted();
	}

}
