package org.raftboot.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.Ready;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.node.NodeFixtures.PATIENCE;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.electAlone;
import static org.raftboot.node.NodeFixtures.persist;
import static org.raftboot.node.NodeFixtures.ready;
import static org.raftboot.node.NodeFixtures.storageWithVoters;
import static org.raftboot.node.NodeStartTests.bytes;

/** Proposals: appended by a leader, forwarded by followers, held back without a leader, dropped. */
class NodeProposeTests {

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void aLeaderAppendsAProposal() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			node.propose(bytes("somedata")).get();
			assertThat(ready(node).entries()).extracting((e) -> e.getData().toStringUtf8()).containsExactly("somedata");
		}
	}

	@Test
	void aLeaderAppendsAConfigurationChangeAsAConfChangeEntry() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			ConfChange cc = ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(1).build();
			node.proposeConfChange(cc).get();
			List<Entry> entries = ready(node).entries();
			assertThat(entries).hasSize(1);
			assertThat(entries.get(0).getType()).isEqualTo(EntryType.EntryConfChange);
			assertThat(entries.get(0).getData()).isEqualTo(cc.toByteString());
		}
	}

	@Test
	void aProposalWaitsUntilALeaderIsKnown() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			CompletableFuture<Void> proposal = node.propose(bytes("somedata"));
			node.status().get();
			assertThat(proposal).as("held back without a leader").isNotDone();

			electAlone(node, storage);
			assertThat(proposal).succeedsWithin(PATIENCE);
			// Let in right after the election, it went out with the leader's empty entry.
			assertThat(storage.entries(1, storage.lastIndex() + 1, RaftConstants.NO_LIMIT))
				.extracting((e) -> e.getData().toStringUtf8())
				.containsExactly("", "somedata");
		}
	}

	@Test
	void aProposalWhoseCallerGaveUpBeforeALeaderWasKnownIsWithdrawn() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			CompletableFuture<Void> abandoned = node.propose(bytes("abandoned")).orTimeout(10, TimeUnit.MILLISECONDS);
			assertThat(abandoned).failsWithin(PATIENCE)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(TimeoutException.class);

			electAlone(node, storage);
			node.propose(bytes("kept")).get();
			persist(storage, ready(node));
			assertThat(storage.entries(1, storage.lastIndex() + 1, RaftConstants.NO_LIMIT))
				.extracting((e) -> e.getData().toStringUtf8())
				.containsExactly("", "kept");
		}
	}

	@Test
	void aProposalRaftDropsFailsWithProposalDropped() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger).setMaxUncommittedEntriesSize(10))) {
			electAlone(node, storage);
			node.propose(bytes("accepted beyond the limit while nothing is uncommitted")).get();
			assertThat(node.propose(bytes("dropped"))).failsWithin(PATIENCE)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(ProposalDroppedException.class)
				.withMessage("raft proposal dropped");
			assertThat(ready(node).entries()).extracting((e) -> e.getData().toStringUtf8())
				.containsExactly("accepted beyond the limit while nothing is uncommitted");
		}
	}

	@Test
	void aFollowerForwardsProposalsToTheLeader() throws Exception {
		MemoryStorage storage = storageWithVoters(1, 2, 3);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			node.step(heartbeat(2, 2)).get();
			node.propose(bytes("testdata")).get();
			assertThat(proposalsIn(ready(node))).singleElement().satisfies((m) -> {
				assertThat(m.getTo()).isEqualTo(2);
				assertThat(m.getEntries(0).getData().toStringUtf8()).isEqualTo("testdata");
			});
		}
	}

	@Test
	void aFollowerForwardsProposalsQueuedTogetherInMessagesOfAtMostMaxSizePerMsg() {
		ManualExecutor executor = new ManualExecutor();
		try (Node node = Node.restart(config(1, storageWithVoters(1, 2, 3), this.logger).setMaxSizePerMsg(10), executor)) {
			node.step(heartbeat(2, 2));
			executor.runAll();
			List<CompletableFuture<Void>> proposals = List.of(node.propose(bytes("aaaa")), node.propose(bytes("bbbb")),
					node.propose(bytes("cccc")), node.propose(bytes("dddddddddddd")));
			executor.runAll();
			assertThat(proposals).allMatch((p) -> p.isDone() && !p.isCompletedExceptionally());
			CompletableFuture<Ready> rd = node.ready();
			executor.runAll();
			assertThat(proposalsIn(rd.join())).extracting((m) -> m.getEntriesList().stream()
				.map((e) -> e.getData().toStringUtf8())
				.toList())
				.containsExactly(List.of("aaaa", "bbbb"), List.of("cccc"), List.of("dddddddddddd"));
		}
	}

	@Test
	void aFollowerWithForwardingDisabledDropsProposals() throws Exception {
		MemoryStorage storage = storageWithVoters(1, 2, 3);
		try (Node node = Node.restart(config(1, storage, this.logger).setDisableProposalForwarding(true))) {
			node.step(heartbeat(2, 2)).get();
			assertThat(node.propose(bytes("testdata"))).failsWithin(PATIENCE)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(ProposalDroppedException.class);
			assertThat(proposalsIn(ready(node))).isEmpty();
		}
	}

	@Test
	void aProposalSteppedFromThePeerWaitsForALeaderAndIsForwardedAsThisNodes() throws Exception {
		MemoryStorage storage = storageWithVoters(1, 2, 3);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			Message forwarded = Message.newBuilder()
				.setType(MessageType.MsgProp)
				.setFrom(3)
				.setTo(1)
				.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8("from 3")))
				.build();
			CompletableFuture<Void> stepped = node.step(forwarded);
			node.status().get();
			assertThat(stepped).isNotDone();

			node.step(heartbeat(2, 2)).get();
			assertThat(stepped).succeedsWithin(PATIENCE);
			assertThat(proposalsIn(ready(node))).singleElement().satisfies((m) -> {
				assertThat(m.getFrom()).isEqualTo(1);
				assertThat(m.getTo()).isEqualTo(2);
			});
		}
	}

	@Test
	void proposalsWaitingForALeaderFailWhenTheNodeStops() {
		Node node = Node.restart(config(1, storageWithVoters(1), this.logger));
		CompletableFuture<Void> proposal = node.propose(bytes("somedata"));
		node.stop();
		assertThat(proposal).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(NodeStoppedException.class)
			.withMessage("raft: stopped");
	}

	@Test
	void aProposalQueuedWithTheTicksThatEndTheLeadersTermWaitsForTheNextLeader() {
		ManualExecutor executor = new ManualExecutor();
		try (Node node = Node.restart(config(1, storageWithVoters(1, 2, 3), this.logger), executor)) {
			node.step(heartbeat(2, 2));
			executor.runAll();
			assertThat(status(node, executor).lead()).isEqualTo(2);
			CompletableFuture<Void> proposal = node.propose(bytes("x"));
			for (int i = 0; i < 25; i++) {
				node.tick();
			}
			executor.runAll();
			Status after = status(node, executor);
			assertThat(after.raftState()).as("the ticks started an election").isEqualTo(StateType.StateCandidate);
			assertThat(after.lead()).isZero();
			assertThat(proposal).as("a proposal waits for a leader, as etcd's loop reads the leader before each event")
				.isNotDone();
		}
	}

	@Test
	void batchedProposalsAreAcceptedOrDroppedAsEachAloneWouldBe() {
		ManualExecutor executor = new ManualExecutor();
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger).setMaxUncommittedEntriesSize(10), executor)) {
			electAloneOn(executor, node, storage);
			CompletableFuture<Void> first = node.propose(bytes("aaaa"));
			executor.runAll();
			assertThat(first).isCompletedWithValue(null);
			// Queued back to back, so taken in one turn: 4 + 2 fits, 4 + 2 + 8 does not.
			CompletableFuture<Void> fits = node.propose(bytes("bb"));
			CompletableFuture<Void> tooBig = node.propose(bytes("cccccccc"));
			executor.runAll();
			assertThat(fits).isCompletedWithValue(null);
			assertThat(tooBig).isCompletedExceptionally();
		}
		MemoryStorage fresh = storageWithVoters(1);
		try (Node node = Node.restart(config(1, fresh, this.logger).setMaxUncommittedEntriesSize(10), executor)) {
			electAloneOn(executor, node, fresh);
			// Nothing uncommitted: the first is accepted whatever its size, the second is over the limit.
			CompletableFuture<Void> first = node.propose(bytes("aaaaaa"));
			CompletableFuture<Void> second = node.propose(bytes("bbbbbb"));
			executor.runAll();
			assertThat(first).isCompletedWithValue(null);
			assertThat(second).isCompletedExceptionally();
		}
	}

	@Test
	void aForwardedBatchOfProposalsIsAcceptedOrDroppedAsEachAloneWouldBe() {
		ManualExecutor executor = new ManualExecutor();
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger).setMaxUncommittedEntriesSize(10), executor)) {
			electAloneOn(executor, node, storage);
			node.propose(bytes("aaaa"));
			executor.runAll();
			// A follower forwards two proposals in one MsgProp: 4 + 2 fits, 4 + 2 + 8 does not.
			node.step(Message.newBuilder().setType(MessageType.MsgProp).setFrom(2).setTo(1)
				.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8("bb")))
				.addEntries(Entry.newBuilder().setData(ByteString.copyFromUtf8("cccccccc")))
				.build());
			executor.runAll();
			CompletableFuture<Ready> rd = node.ready();
			executor.runAll();
			assertThat(rd.join().entries()).extracting((e) -> e.getData().toStringUtf8()).endsWith("aaaa", "bb")
				.doesNotContain("cccccccc");
		}
	}

	/** Campaigns and persists and advances each Ready until node 1 leads, on a manual executor. */
	private static void electAloneOn(ManualExecutor executor, Node node, MemoryStorage storage) {
		node.campaign();
		executor.runAll();
		while (status(node, executor).lead() != 1) {
			CompletableFuture<Ready> rd = node.ready();
			executor.runAll();
			persist(storage, rd.join());
			node.advance();
			executor.runAll();
		}
	}

	private static Status status(Node node, ManualExecutor executor) {
		CompletableFuture<Status> status = node.status();
		executor.runAll();
		return status.join();
	}

	/** A heartbeat of the given leader at the given term, making the node its follower. */
	static Message heartbeat(long leader, long term) {
		return Message.newBuilder().setType(MessageType.MsgHeartbeat).setFrom(leader).setTo(1).setTerm(term).build();
	}

	private static List<Message> proposalsIn(Ready rd) {
		return rd.messages().stream().filter((m) -> m.getType() == MessageType.MsgProp).toList();
	}

}
