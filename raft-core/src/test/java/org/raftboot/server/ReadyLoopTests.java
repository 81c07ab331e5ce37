package org.raftboot.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressState;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a replica handles its Readys, watched from a transport whose peers are played in memory
 * ({@link ScriptedPeers}): what leaves before and after the replica's own write, that entries are
 * applied only once on disk, that applied membership changes reach the transport's peers, that a
 * snapshot's outcome reaches raft, and the order of {@link RaftServer#close()}.
 */
class ReadyLoopTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	private final ScriptedPeers peers = new ScriptedPeers();

	private final TransportEventRouter router = new TransportEventRouter();

	private final List<String> applyViolations = new CopyOnWriteArrayList<>();

	private final List<String> applied = new CopyOnWriteArrayList<>();

	@Test
	void aLeaderSendsEachAppendBeforeItsOwnWriteAndAppliesEntriesOnlyOnceOnDisk() {
		this.peers.answer(2, 0);
		this.peers.answer(3, 0);
		try (RaftServer server = start(UnaryOperator.identity())) {
			server.campaign().join();
			server.propose(bytes("warm-up")).join();
			List<Long> indexes = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				indexes.add(server.propose(bytes("v" + i)).join().index());
			}
			List<ScriptedPeers.Sent> sent = this.peers.sent();
			for (long index : indexes) {
				ScriptedPeers.Sent first = sent.stream()
					.filter((s) -> s.message().getType() == MessageType.MsgApp && carries(s.message(), index))
					.findFirst()
					.orElseThrow();
				assertThat(first.persistedIndex()).as("stored log when entry %d first left", index).isLessThan(index);
			}
		}
		assertThat(this.applied).hasSize(21);
		assertThat(this.applyViolations).isEmpty();
	}

	@Test
	void aFollowerAcknowledgesAppendsOnlyOnceOnDiskAndAppliesThemAfterwards() {
		// Never campaigns on its own: the leader is played by the test.
		try (RaftServer server = start((b) -> b.electionTick(100_000))) {
			List<Entry> entries = leaderEntries(4, 13);
			// The bootstrap put the three members' configuration entries at 1..3, in term 1.
			this.peers.deliver(server.groupId(), append(3, 1, 13).addAllEntries(entries).build());
			await().atMost(PATIENCE).until(() -> this.applied.size() == 10);
			ScriptedPeers.Sent ack = this.peers.sent().stream()
				.filter((s) -> s.message().getType() == MessageType.MsgAppResp && s.message().getIndex() == 13)
				.findFirst()
				.orElseThrow();
			assertThat(ack.message().getReject()).isFalse();
			assertThat(ack.persistedIndex()).as("stored log when the acknowledgement left").isGreaterThanOrEqualTo(13);
			assertThat(server.leaderId()).isEqualTo(2);
		}
		assertThat(this.applyViolations).isEmpty();
	}

	/**
	 * An append that only moves the commit index writes nothing (and, with the storage thread idle, is
	 * answered by the node's loop itself): the follower still acknowledges it and applies up to the new
	 * commit index.
	 */
	@Test
	void aFollowerAnswersAnAppendThatOnlyMovesTheCommitIndexAndAppliesUpToIt() {
		try (RaftServer server = start((b) -> b.electionTick(100_000))) {
			List<Entry> entries = leaderEntries(4, 13);
			this.peers.deliver(server.groupId(), append(3, 1, 8).addAllEntries(entries).build());
			await().atMost(PATIENCE).until(() -> this.applied.size() == 5);
			this.peers.deliver(server.groupId(), append(13, 2, 13).build());
			await().atMost(PATIENCE).until(() -> this.applied.size() == 10);
			await().atMost(PATIENCE)
				.until(() -> this.peers.sent()
					.stream()
					.filter((s) -> s.message().getType() == MessageType.MsgAppResp && s.message().getIndex() == 13)
					.count() == 2);
		}
		assertThat(this.applyViolations).isEmpty();
	}

	/** Entries of the played leader (2), in term 2, each a proposal of session 77. */
	private static List<Entry> leaderEntries(long from, long to) {
		List<Entry> entries = new ArrayList<>();
		for (long index = from; index <= to; index++) {
			entries.add(Entry.newBuilder()
				.setTerm(2)
				.setIndex(index)
				.setData(Envelope.wrap(77, index, bytes("e" + index)))
				.build());
		}
		return entries;
	}

	/** The leader's (2) append after the entry at {@code index} of term {@code logTerm}, in term 2. */
	private static Message.Builder append(long index, long logTerm, long commit) {
		return Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setFrom(2)
			.setTo(1)
			.setTerm(2)
			.setIndex(index)
			.setLogTerm(logTerm)
			.setCommit(commit);
	}

	@Test
	void appliedMembershipChangesReachTheTransportsPeers() {
		this.peers.answer(2, 0);
		this.peers.answer(3, 0);
		this.peers.answer(4, 0);
		InetSocketAddress address4 = new InetSocketAddress("127.0.0.1", 7004);
		try (RaftServer server = start(UnaryOperator.identity())) {
			server.campaign().join();
			assertThat(this.peers.peers).containsOnlyKeys(2L, 3L);

			server.addVoter(4, address4).join();
			assertThat(this.peers.peers).containsEntry(4L, address4);

			server.removeMember(3).join();
			assertThat(this.peers.peers).containsOnlyKeys(2L, 4L);
			assertThat(this.peers.events()).containsSubsequence("add 4", "remove 3");
		}
	}

	@Test
	void theOutcomeOfASnapshotSentToALaggingFollowerReachesRaft() {
		this.peers.answer(2, 0);
		try (RaftServer server = start((b) -> b.snapshot(5, 0))) {
			server.campaign().join();
			long last = 0;
			for (int i = 0; i < 20; i++) {
				last = server.propose(bytes("v" + i)).join().index();
			}
			await().atMost(PATIENCE).until(() -> server.snapshotsTaken() > 0);

			// 3 comes back with an empty log, behind the compacted one: only a snapshot helps it.
			this.peers.answer(3, 0);
			await().atMost(PATIENCE).until(() -> !this.peers.snapshots().isEmpty());
			assertThat(progress(server, 3).state).isEqualTo(ProgressState.StateSnapshot);
			Message snap = this.peers.snapshots().get(0);
			assertThat(snap.getTo()).isEqualTo(3);

			// Installed: without the report the leader would wait in StateSnapshot for good.
			long snapIndex = snap.getSnapshot().getMetadata().getIndex();
			this.peers.answer(3, snapIndex);
			this.router.onSnapshotStatus(server.groupId(), 3, true);
			long target = last;
			await().atMost(PATIENCE).untilAsserted(() -> {
				Progress pr = progress(server, 3);
				assertThat(pr.state).isEqualTo(ProgressState.StateReplicate);
				assertThat(pr.match).isGreaterThanOrEqualTo(target);
			});
		}
	}

	@Test
	void closeFailsEveryPendingRequestThenClosesTheStorageAndTheTransportLast() {
		this.peers.answer(2, 0);
		this.peers.answer(3, 0);
		RaftServer server = start(UnaryOperator.identity());
		server.campaign().join();
		server.propose(bytes("committed")).join();
		this.peers.silence(2);
		this.peers.silence(3);
		CompletableFuture<Applied> pending = server.propose(bytes("no quorum"));
		CompletableFuture<Long> read = server.readBarrier();
		CompletableFuture<Applied> change = server.addVoter(4, new InetSocketAddress("127.0.0.1", 7004));
		CompletableFuture<Void> transfer = server.transferLeadership(2);
		server.close();
		for (CompletableFuture<?> f : List.of(change, transfer)) {
			assertThat(f).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(RaftServerClosedException.class);
		}
		assertThat(pending).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(RaftServerClosedException.class);
		assertThat(read).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(RaftServerClosedException.class);
		assertThat(this.peers.events()).last().isEqualTo("close");
		for (CompletableFuture<?> f : List.of(server.transferLeadership(3), server.campaign())) {
			assertThat(f).as("asked after close").failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(RaftServerClosedException.class);
		}
	}

	private RaftServer start(UnaryOperator<RaftServerConfig.Builder> tuning) {
		FileStorage fileStorage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build());
		this.peers.watch(fileStorage);
		RaftServer server = RaftServer.builder(tuning.apply(RaftServerConfig.builder(1)
			.tickInterval(Duration.ofMillis(10))
			.electionTick(50)
			.logger(new DiscardRaftLogger())).build())
			.storage(fileStorage)
			.transport(this.peers, this.router, true)
			.stateMachine(new CheckingStateMachine(fileStorage))
			.peers(Map.of(1L, new InetSocketAddress("127.0.0.1", 7001), 2L,
					new InetSocketAddress("127.0.0.1", 7002), 3L, new InetSocketAddress("127.0.0.1", 7003)))
			.build();
		server.start();
		return server;
	}

	private static Progress progress(RaftServer server, long peer) {
		return server.status().join().raft().progress().get(peer);
	}

	private static boolean carries(Message m, long index) {
		return m.getEntriesList().stream().anyMatch((e) -> e.getIndex() == index);
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/** Notes every entry applied before it is on disk, or off the apply thread. */
	private final class CheckingStateMachine implements StateMachine {

		private final FileStorage storage;

		CheckingStateMachine(FileStorage storage) {
			this.storage = storage;
		}

		@Override
		public synchronized Object apply(CommittedEntry entry) {
			long stored = this.storage.lastIndex();
			if (stored < entry.index()) {
				ReadyLoopTests.this.applyViolations.add("applied " + entry.index() + " with the log stored up to " + stored);
			}
			if (!Thread.currentThread().getName().startsWith("raft-apply-")) {
				ReadyLoopTests.this.applyViolations.add("applied on " + Thread.currentThread().getName());
			}
			ReadyLoopTests.this.applied.add(entry.data().toStringUtf8());
			return null;
		}

		@Override
		public void snapshot(OutputStream out) throws IOException {
			out.write(ByteString.copyFromUtf8(String.join(",", ReadyLoopTests.this.applied)).toByteArray());
		}

		@Override
		public void restore(InputStream in) throws IOException {
			in.readAllBytes();
		}
	}

}
