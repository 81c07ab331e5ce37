package org.raftboot.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.Ready;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.SnapshotStatus;
import org.raftboot.raft.SoftState;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.raftboot.node.NodeFixtures.BRIEFLY;
import static org.raftboot.node.NodeFixtures.PATIENCE;
import static org.raftboot.node.NodeFixtures.assertNoReady;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.electAlone;
import static org.raftboot.node.NodeFixtures.persist;
import static org.raftboot.node.NodeFixtures.persistAndAdvance;
import static org.raftboot.node.NodeFixtures.ready;
import static org.raftboot.node.NodeFixtures.storageWithVoters;
import static org.raftboot.node.NodeProposeTests.heartbeat;
import static org.raftboot.node.NodeStartTests.bytes;

/** The loop: ticks, the Ready/advance protocol, pagination, leader-change logs, stopping. */
class NodeLoopTests {

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void ticksDriveTheElectionClock() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger))) {
			for (int i = 0; i < 20; i++) {
				node.tick();
			}
			assertThat(ready(node).softState()).isEqualTo(new SoftState(RaftConstants.NONE, StateType.StateCandidate));
		}
	}

	@Test
	void ticksHeldBackFromAnIdleMemberReachRaftBeforeItsNextMessage() throws Exception {
		try (Node node = Node.restart(config(1, learnerStorage(), this.logger).setCheckQuorum(true))) {
			node.step(heartbeat(2, 1)).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			ready(node);
			node.advance();
			for (int i = 0; i < 9; i++) {
				node.tick();
			}
			node.step(voteRequest(3, 2)).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			assertNoReady(node);
			node.tick();
			node.step(voteRequest(3, 2)).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(ready(node).messages()).singleElement().satisfies((m) -> {
				assertThat(m.getType()).isEqualTo(MessageType.MsgVoteResp);
				assertThat(m.getTo()).isEqualTo(3);
				assertThat(m.getReject()).isFalse();
			});
		}
	}

	/** A learner with check-quorum: it ignores votes within an election timeout of hearing its leader. */
	private static MemoryStorage learnerStorage() {
		MemoryStorage storage = new MemoryStorage();
		storage.applySnapshot(Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder()
				.setConfState(ConfState.newBuilder().addVoters(2).addVoters(3).addLearners(1)))
			.build());
		return storage;
	}

	private static Message voteRequest(long candidate, long term) {
		return Message.newBuilder().setType(MessageType.MsgVote).setFrom(candidate).setTo(1).setTerm(term).build();
	}

	@Test
	void aTickIsDroppedWithAWarningWhenTheLoopFallsBehind() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger))) {
			CountDownLatch blocked = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			// A dependent stage runs on the loop thread: this one holds the loop until released.
			node.ready().thenRun(() -> {
				blocked.countDown();
				awaitQuietly(release);
			});
			node.campaign();
			assertThat(blocked.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			for (int i = 0; i <= NodeLoop.MAX_PENDING_TICKS; i++) {
				node.tick();
			}
			release.countDown();
			assertThat(this.logger.lines()).filteredOn((line) -> line.startsWith("WARN"))
				.containsExactly("WARN 1 A tick missed to fire. Node blocks too long!");
		}
	}

	@Test
	void theLoopThreadCannotWaitForItsOwnReady() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger))) {
			CompletableFuture<Object> attempt = new CompletableFuture<>();
			node.ready().thenRun(() -> {
				try {
					attempt.complete(node.pollReady(PATIENCE));
				}
				catch (RuntimeException | InterruptedException ex) {
					attempt.completeExceptionally(ex);
				}
			});
			node.campaign();
			assertThat(attempt).failsWithin(PATIENCE)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(IllegalStateException.class);
		}
	}

	@Test
	void stopWaitsForTheLoopToExitAndIsIdempotent() throws Exception {
		Node node = Node.restart(config(1, storageWithVoters(1), this.logger));
		assertThat(node.status().get().id()).isEqualTo(1);
		node.stop();
		assertThat(node.isStopped()).isTrue();
		assertThat(node.status()).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(NodeStoppedException.class);
		node.stop();
		assertThat(node.isStopped()).isTrue();
	}

	@Test
	void requestsFailWhenTheNodeStops() throws Exception {
		Node node = Node.restart(config(1, storageWithVoters(1), this.logger));
		CompletableFuture<Ready> next = node.ready();
		node.stop();
		assertThat(next).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(NodeStoppedException.class);
		assertThatThrownBy(() -> node.pollReady(PATIENCE)).isInstanceOf(NodeStoppedException.class);
		List<CompletableFuture<?>> refused = List.of(node.campaign(), node.forgetLeader(), node.readIndex(bytes("x")),
				node.transferLeadership(2), node.step(heartbeat(2, 2)), node.propose(bytes("x")),
				node.applyConfChange(ConfChange.getDefaultInstance()));
		assertThat(refused).allSatisfy((f) -> assertThat(f).isCompletedExceptionally());
		// Fire-and-forget requests are ignored.
		node.tick();
		node.advance();
		node.reportUnreachable(2);
		node.reportSnapshot(2, SnapshotStatus.SnapshotFinish);
	}

	@Test
	void aNodeThatDiesOfAnUnexpectedErrorFailsRequestsWithThatCause() throws Exception {
		MemoryStorage storage = new MemoryStorage() {
			@Override
			public synchronized List<Entry> entries(long lo, long hi, long maxSize) {
				throw new IllegalStateException("disk on fire");
			}
		};
		storage.setHardState(HardState.newBuilder().setTerm(1).setCommit(1).build());
		storage.append(List.of(Entry.newBuilder().setTerm(1).setIndex(1).build()));
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			assertThatThrownBy(() -> node.pollReady(PATIENCE)).isInstanceOf(NodeStoppedException.class)
				.hasRootCauseMessage("disk on fire");
			assertThat(node.isStopped()).isTrue();
		}
	}

	@Test
	void aRequestThatFailsUnexpectedlyStopsTheNode() throws Exception {
		AtomicBoolean broken = new AtomicBoolean();
		MemoryStorage storage = new MemoryStorage() {
			@Override
			public synchronized long term(long i) {
				if (broken.get()) {
					throw new IllegalStateException("disk on fire");
				}
				return super.term(i);
			}
		};
		storage.setHardState(HardState.newBuilder().setTerm(1).setCommit(1).build());
		storage.append(List.of(Entry.newBuilder().setTerm(1).setIndex(1).build()));
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			broken.set(true);
			Message append = Message.newBuilder()
				.setType(MessageType.MsgApp)
				.setFrom(2)
				.setTo(1)
				.setTerm(1)
				.setIndex(1)
				.setLogTerm(1)
				.build();
			assertThat(node.step(append)).failsWithin(PATIENCE)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(IllegalStateException.class);
			await().atMost(PATIENCE).until(node::isStopped);
			assertThat(node.status()).failsWithin(PATIENCE)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(NodeStoppedException.class)
				.withRootCauseInstanceOf(IllegalStateException.class);
			assertThat(this.logger.lines()).anyMatch((line) -> line.startsWith("ERROR raft.node: 1 stopped"));
		}
	}

	@Test
	void theNextReadyComesOnlyAfterAdvance() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			node.propose(bytes("foo")).get();
			persist(storage, ready(node));
			assertNoReady(node);
			node.advance();
			assertThat(ready(node).committedEntries()).isNotEmpty();
		}
	}

	@Test
	void advanceAndNextReadyAcknowledgesTheReadyInHandAndHandsOverTheNextOne() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			node.propose(bytes("foo")).get();
			Ready appended = ready(node);
			assertThat(appended.entries()).extracting((e) -> e.getData().toStringUtf8()).containsExactly("foo");
			persist(storage, appended);
			Ready committed = node.advanceAndNextReady().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(committed.committedEntries()).extracting((e) -> e.getData().toStringUtf8()).containsExactly("foo");
		}
		try (Node async = Node.restart(config(1, storageWithVoters(1), this.logger).setAsyncStorageWrites(true))) {
			assertThatIllegalStateException().isThrownBy(async::advanceAndNextReady)
				.withMessage("Advance must not be called when using AsyncStorageWrites");
		}
	}

	@Test
	void proposalsQueuedBackToBackEnterTheLogTogetherInTheirOrder() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			electAlone(node, storage);
			CountDownLatch blocked = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			// A dependent stage runs on the loop thread: this one holds the loop while proposals queue up.
			// Attached to a status that is complete already, it runs here at once instead: ask again.
			Thread test = Thread.currentThread();
			AtomicBoolean ranHere = new AtomicBoolean(true);
			while (ranHere.getAndSet(false)) {
				node.status().thenRun(() -> {
					if (Thread.currentThread() == test) {
						ranHere.set(true);
						return;
					}
					blocked.countDown();
					awaitQuietly(release);
				});
			}
			assertThat(blocked.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			List<CompletableFuture<Void>> accepted = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				accepted.add(node.propose(bytes("p" + i)));
			}
			release.countDown();
			CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get();
			assertThat(ready(node).entries()).extracting((e) -> e.getData().toStringUtf8())
				.containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");
		}
	}

	@Test
	void withWritesHandedToOtherThreadsProposalsWaitForTheWriteInProgressAndJoinTheNextAppendTogether() {
		ManualExecutor executor = new ManualExecutor();
		MemoryStorage storage = storageWithVoters(1);
		List<Message> appends = new ArrayList<>();
		try (Node node = Node.restart(config(1, storage, this.logger).setAsyncStorageWrites(true), executor)) {
			node.handleReadysOnLoop((rd) -> rd.messages().stream()
				.filter((m) -> m.getType() == MessageType.MsgStorageAppend)
				.forEach(appends::add));
			node.campaign();
			executor.runAll();
			while (!appends.isEmpty()) {
				acknowledge(node, storage, appends.remove(0), executor);
			}
			CompletableFuture<Void> first = node.propose(bytes("a"));
			executor.runAll();
			assertThat(first).isCompletedWithValue(null);
			assertThat(appends).singleElement().satisfies((m) -> assertThat(m.getEntriesCount()).isEqualTo(1));

			// Its write in progress will wake the loop: the next proposals wait for it, and go together.
			CompletableFuture<Void> second = node.propose(bytes("b"));
			CompletableFuture<Void> third = node.propose(bytes("c"));
			assertThat(executor.pending()).as("drains scheduled by the proposals").isZero();
			acknowledge(node, storage, appends.remove(0), executor);
			assertThat(second).isCompletedWithValue(null);
			assertThat(third).isCompletedWithValue(null);
			assertThat(appends).singleElement().satisfies((m) -> assertThat(m.getEntriesList())
				.extracting((e) -> e.getData().toStringUtf8())
				.containsExactly("b", "c"));

			// Nothing in progress: a proposal wakes the loop at once.
			acknowledge(node, storage, appends.remove(0), executor);
			node.propose(bytes("d"));
			assertThat(executor.pending()).isOne();
		}
	}

	@Test
	void withWritesHandedToOtherThreadsAnApplyAcknowledgementWaitsForTheWriteInProgressToWakeTheLoop() {
		ManualExecutor executor = new ManualExecutor();
		MemoryStorage storage = storageWithVoters(1);
		List<Message> appends = new ArrayList<>();
		List<Message> applies = new ArrayList<>();
		try (Node node = Node.restart(config(1, storage, this.logger).setAsyncStorageWrites(true), executor)) {
			node.handleReadysOnLoop((rd) -> rd.messages().forEach((m) -> {
				if (m.getType() == MessageType.MsgStorageAppend) {
					appends.add(m);
				}
				else if (m.getType() == MessageType.MsgStorageApply) {
					applies.add(m);
				}
			}));
			node.campaign();
			executor.runAll();
			while (!appends.isEmpty()) {
				acknowledge(node, storage, appends.remove(0), executor);
			}
			Message leaderEntryApplied = applies.remove(0).getResponses(0);
			node.propose(bytes("a"));
			executor.runAll();
			assertThat(appends).singleElement().satisfies((m) -> assertThat(m.getEntriesCount()).isEqualTo(1));

			// The write of "a" is in progress: its acknowledgement will wake the loop, the apply's waits.
			CompletableFuture<Void> stepped = node.step(leaderEntryApplied);
			assertThat(executor.pending()).as("drains scheduled by the apply acknowledgement").isZero();
			assertThat(stepped).isNotDone();
			acknowledge(node, storage, appends.remove(0), executor);
			assertThat(stepped).isCompletedWithValue(null);
			CompletableFuture<Status> status = node.status();
			executor.runAll();
			assertThat(status.join().applied()).isEqualTo(leaderEntryApplied.getEntries(0).getIndex());

			// Nothing in progress: an apply acknowledgement wakes the loop at once.
			while (!appends.isEmpty()) {
				acknowledge(node, storage, appends.remove(0), executor);
			}
			node.step(applies.remove(0).getResponses(0));
			assertThat(executor.pending()).isOne();
		}
	}

	/** The append thread's work, on a manual executor: persist, deliver the node's own responses, run the loop. */
	private static void acknowledge(Node node, MemoryStorage storage, Message append, ManualExecutor executor) {
		storage.append(append.getEntriesList());
		for (Message resp : append.getResponsesList()) {
			if (resp.getTo() == 1) {
				node.step(resp);
			}
		}
		executor.runAll();
	}

	@Test
	void aWaiterThatGaveUpTakesNoReady() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			CompletableFuture<Ready> abandoned = node.ready();
			assertThat(abandoned.cancel(false)).isTrue();
			node.campaign().get();
			assertThat(ready(node).softState().raftState()).isEqualTo(StateType.StateCandidate);
		}
	}

	@Test
	void advanceIsRefusedWithAsyncStorageWrites() {
		try (Node node = Node.restart(config(1, storageWithVoters(1), this.logger).setAsyncStorageWrites(true))) {
			assertThatIllegalStateException().isThrownBy(node::advance)
				.withMessage("Advance must not be called when using AsyncStorageWrites");
		}
	}

	@Test
	void committedEntriesArePaginated() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(config(1, storage, this.logger).setMaxCommittedSizePerReady(2048))) {
			electAlone(node, storage);
			assertThat(persistAndAdvance(node, storage).committedEntries()).hasSize(1);
			byte[] blob = bytes("a".repeat(1000));
			for (int i = 0; i < 3; i++) {
				node.propose(blob).get();
			}
			assertThat(persistAndAdvance(node, storage).entries()).hasSize(3);
			assertThat(persistAndAdvance(node, storage).committedEntries()).hasSize(2);
			assertThat(persistAndAdvance(node, storage).committedEntries()).hasSize(1);
		}
	}

	@Test
	void committedEntriesArePaginatedWithAsyncStorageWrites() throws Exception {
		MemoryStorage storage = storageWithVoters(1);
		try (Node node = Node.restart(
				config(1, storage, this.logger).setMaxCommittedSizePerReady(2048).setAsyncStorageWrites(true))) {
			node.campaign().get();
			// Persist the vote, then the empty entry, then apply it.
			handleStorageAppend(node, storage, onlyMessage(ready(node)));
			handleStorageAppend(node, storage, onlyMessage(ready(node)));
			Ready rd = ready(node);
			assertThat(rd.messages()).extracting(Message::getType)
				.containsExactly(MessageType.MsgStorageAppend, MessageType.MsgStorageApply);
			handleStorageAppend(node, storage, rd.messages().get(0));
			node.step(applyResponse(rd.messages().get(1))).get();

			byte[] blob = bytes("a".repeat(1024));
			node.propose(blob).get();
			Message append = onlyMessage(ready(node));
			assertThat(append.getEntriesCount()).isEqualTo(1);
			handleStorageAppend(node, storage, append);

			// Append the second entry; the first is handed out to apply, but not applied yet.
			List<Message> applyResponses = new ArrayList<>();
			node.propose(blob).get();
			applyResponses.add(appendAndCollectApply(node, storage, ready(node)));
			// Append the third; the second is handed out to apply.
			node.propose(blob).get();
			applyResponses.add(appendAndCollectApply(node, storage, ready(node)));

			// The third is not handed out until the first application is acknowledged.
			Ready more;
			while ((more = node.pollReady(NodeFixtures.BRIEFLY)) != null) {
				assertThat(more.messages()).extracting(Message::getType).doesNotContain(MessageType.MsgStorageApply);
			}
			node.step(applyResponses.remove(0)).get();
			Message apply = onlyMessage(ready(node));
			assertThat(apply.getType()).isEqualTo(MessageType.MsgStorageApply);
			assertThat(apply.getEntriesCount()).isEqualTo(1);
			applyResponses.add(applyResponse(apply));
			for (Message resp : applyResponses) {
				node.step(resp).get();
			}
		}
	}

	@Test
	void aRestartedNodeNeverRegressesItsCommitIndexWhenTheStorageIgnoresSizeHints() throws Exception {
		MemoryStorage storage = new MemoryStorage() {
			@Override
			public synchronized List<Entry> entries(long lo, long hi, long maxSize) {
				return super.entries(lo, hi, RaftConstants.NO_LIMIT);
			}
		};
		storage.applySnapshot(NodeStartTests.snapshot(0, 0, 1));
		storage.setHardState(HardState.newBuilder().setTerm(1).setVote(1).setCommit(10).build());
		List<Entry> entries = new ArrayList<>();
		long size = 0;
		for (int i = 1; i <= 10; i++) {
			Entry e = Entry.newBuilder()
				.setTerm(1)
				.setIndex(i)
				.setType(EntryType.EntryNormal)
				.setData(ByteString.copyFromUtf8("a"))
				.build();
			entries.add(e);
			size += e.getSerializedSize();
		}
		storage.append(entries);
		// A size limit suggesting the last committed entry comes in a later Ready; the storage returns it anyway.
		long maxSize = size - entries.get(9).getSerializedSize() - 1;
		try (Node node = Node.restart(config(1, storage, this.logger).setMaxSizePerMsg(maxSize))) {
			HardState hs = ready(node).hardState();
			assertThat(RawNode.isEmptyHardState(hs) || hs.getCommit() >= 10)
				.as("commit regressed to %s", hs.getCommit())
				.isTrue();
		}
	}

	@Test
	void leaderChangesAreLoggedAsEtcdDoes() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1, 2, 3), this.logger))) {
			node.step(heartbeat(2, 2)).get();
			node.step(Message.newBuilder().setType(MessageType.MsgApp).setFrom(3).setTo(1).setTerm(3).build()).get();
			node.step(Message.newBuilder().setType(MessageType.MsgVote).setFrom(2).setTo(1).setTerm(4).build()).get();
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(this.logger.lines()).filteredOn((line) -> line.contains("raft.node"))
					.containsExactly("INFO raft.node: 1 elected leader 2 at term 2",
							"INFO raft.node: 1 changed leader from 2 to 3 at term 3",
							"INFO raft.node: 1 lost leader 3 at term 4"));
		}
	}

	@Test
	void softStatesCompareByValueAndAnEmptyHardStateIsRecognized() {
		SoftState none = new SoftState(RaftConstants.NONE, StateType.StateFollower);
		assertThat(none).isEqualTo(new SoftState(0, StateType.StateFollower));
		assertThat(none).isNotEqualTo(new SoftState(1, StateType.StateFollower));
		assertThat(none).isNotEqualTo(new SoftState(0, StateType.StateLeader));
		assertThat(RawNode.isEmptyHardState(HardState.getDefaultInstance())).isTrue();
		assertThat(RawNode.isEmptyHardState(HardState.newBuilder().setVote(1).build())).isFalse();
		assertThat(RawNode.isEmptyHardState(HardState.newBuilder().setCommit(1).build())).isFalse();
		assertThat(RawNode.isEmptyHardState(HardState.newBuilder().setTerm(1).build())).isFalse();
	}

	private static Message onlyMessage(Ready rd) {
		assertThat(rd.messages()).hasSize(1);
		return rd.messages().get(0);
	}

	/** The append thread's work: persist, then deliver the responses. */
	private static void handleStorageAppend(Node node, MemoryStorage storage, Message append) throws Exception {
		assertThat(append.getType()).isEqualTo(MessageType.MsgStorageAppend);
		storage.append(append.getEntriesList());
		for (Message resp : append.getResponsesList()) {
			node.step(resp).get();
		}
	}

	/** Handles the append of a Ready and returns the response of its (single-entry) apply. */
	private static Message appendAndCollectApply(Node node, MemoryStorage storage, Ready rd) throws Exception {
		assertThat(rd.messages()).extracting(Message::getType)
			.containsExactlyInAnyOrder(MessageType.MsgStorageAppend, MessageType.MsgStorageApply);
		Message apply = null;
		for (Message m : rd.messages()) {
			if (m.getType() == MessageType.MsgStorageAppend) {
				handleStorageAppend(node, storage, m);
			}
			else {
				assertThat(m.getEntriesCount()).isEqualTo(1);
				apply = m;
			}
		}
		return applyResponse(apply);
	}

	private static Message applyResponse(Message apply) {
		assertThat(apply.getResponsesList()).hasSize(1);
		return apply.getResponses(0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
