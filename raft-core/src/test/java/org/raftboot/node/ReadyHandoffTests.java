package org.raftboot.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

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

	@Test
	void aReadyOfMessagesAloneGoesToTheSenderAndIsAdvanced() {
		RawNode follower = new RawNode(config(1, storageWithVoters(1, 2, 3), new RecordingLogger()));
		ReadyHandoff handoff = new ReadyHandoff(false);
		List<Message> sent = new ArrayList<>();
		handoff.sendMessageOnlyReadys(sent::addAll);
		follower.step(heartbeatFrom(2));
		CompletableFuture<Ready> first = new CompletableFuture<>();
		handoff.request(first);
		handoff.serve(follower);
		assertThat(first).as("a new term and leader to persist and report").isCompleted();
		assertThat(first.join().hardState().getTerm()).isEqualTo(1);
		assertThat(sent).isEmpty();
		handoff.advance(follower);

		follower.step(heartbeatFrom(2));
		CompletableFuture<Ready> second = new CompletableFuture<>();
		handoff.request(second);
		handoff.serve(follower);
		assertThat(sent).extracting(Message::getType).containsExactly(MessageType.MsgHeartbeatResp);
		assertThat(second).isNotDone();
		assertThat(follower.hasReady()).isFalse();

		follower.step(heartbeatFrom(2));
		handoff.serve(follower);
		assertThat(sent).hasSize(2);
		assertThat(second).isNotDone();
	}

	@Test
	void withoutASenderAReadyOfMessagesAloneGoesToTheWaiter() {
		RawNode follower = new RawNode(config(1, storageWithVoters(1, 2, 3), new RecordingLogger()));
		ReadyHandoff handoff = new ReadyHandoff(false);
		follower.step(heartbeatFrom(2));
		CompletableFuture<Ready> first = new CompletableFuture<>();
		handoff.request(first);
		handoff.serve(follower);
		handoff.advance(follower);

		follower.step(heartbeatFrom(2));
		CompletableFuture<Ready> second = new CompletableFuture<>();
		handoff.request(second);
		handoff.serve(follower);
		assertThat(second).isCompleted();
		assertThat(second.join().messages()).extracting(Message::getType)
			.containsExactly(MessageType.MsgHeartbeatResp);
	}

	private static Message heartbeatFrom(long leader) {
		return Message.newBuilder().setType(MessageType.MsgHeartbeat).setFrom(leader).setTo(1).setTerm(1).build();
	}

}
