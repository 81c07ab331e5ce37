package org.raftboot.node;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.Peer;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.raftboot.node.NodeFixtures.assertNoReady;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.persist;
import static org.raftboot.node.NodeFixtures.persistAndAdvance;
import static org.raftboot.node.NodeFixtures.ready;
import static org.raftboot.node.NodeFixtures.storageWithVoters;

/** Starting a new cluster, restarting from storage (and from a snapshot), joining empty. */
class NodeStartTests {

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void aStartedNodePersistsItsBootstrapThenCommitsProposals() throws Exception {
		MemoryStorage storage = new MemoryStorage();
		try (Node node = Node.start(config(1, storage, this.logger), List.of(new Peer(1)))) {
			ConfChange cc = ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(1).build();
			Entry ccEntry = Entry.newBuilder()
				.setType(EntryType.EntryConfChange)
				.setTerm(1)
				.setIndex(1)
				.setData(cc.toByteString())
				.build();
			Ready rd = ready(node);
			assertThat(rd.softState()).isNull();
			assertHardState(rd.hardState(), 1, 0, 1);
			assertThat(rd.entries()).containsExactly(ccEntry);
			assertThat(rd.committedEntries()).containsExactly(ccEntry);
			assertThat(rd.mustSync()).isTrue();
			persist(storage, rd);
			node.advance();

			node.campaign().get();
			persistAndAdvance(node, storage);
			persistAndAdvance(node, storage);

			node.propose(bytes("foo")).get();
			rd = ready(node);
			assertHardState(rd.hardState(), 2, 1, 2);
			assertThat(describe(rd.entries())).containsExactly("2/3 foo");
			assertThat(describe(rd.committedEntries())).containsExactly("2/2 ");
			assertThat(rd.mustSync()).isTrue();
			persist(storage, rd);
			node.advance();

			rd = ready(node);
			assertHardState(rd.hardState(), 2, 1, 3);
			assertThat(rd.entries()).isEmpty();
			assertThat(describe(rd.committedEntries())).containsExactly("2/3 foo");
			assertThat(rd.mustSync()).isFalse();
			persist(storage, rd);
			node.advance();

			assertNoReady(node);
		}
	}

	@Test
	void startingWithoutPeersIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Node.start(config(1, new MemoryStorage(), this.logger), List.of()))
			.withMessage("no peers given; use RestartNode instead");
	}

	@Test
	void startingOnAStorageThatIsNotEmptyWarnsAndRestarts() throws Exception {
		MemoryStorage storage = new MemoryStorage();
		storage.setHardState(HardState.newBuilder().setTerm(1).setCommit(1).build());
		storage.append(List.of(Entry.newBuilder().setTerm(1).setIndex(1).build()));
		try (Node node = Node.start(config(1, storage, this.logger), List.of(new Peer(1)))) {
			assertThat(describe(ready(node).committedEntries())).containsExactly("1/1 ");
			assertThat(this.logger.lines())
				.contains("WARN error occurred during starting a new node: can't bootstrap a nonempty Storage");
		}
	}

	@Test
	void aRestartedNodeHandsOutTheCommittedEntriesOfItsStorageWithoutAHardState() throws Exception {
		MemoryStorage storage = new MemoryStorage();
		storage.setHardState(HardState.newBuilder().setTerm(1).setCommit(1).build());
		storage.append(List.of(Entry.newBuilder().setTerm(1).setIndex(1).build(),
				Entry.newBuilder().setTerm(1).setIndex(2).setData(ByteString.copyFromUtf8("foo")).build()));
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			Ready rd = ready(node);
			assertThat(RawNode.isEmptyHardState(rd.hardState())).isTrue();
			assertThat(describe(rd.committedEntries())).containsExactly("1/1 ");
			assertThat(rd.mustSync()).isFalse();
			node.advance();
			assertNoReady(node);
		}
	}

	@Test
	void aNodeRestartsFromASnapshotAndTheEntriesAfterIt() throws Exception {
		MemoryStorage storage = new MemoryStorage();
		storage.setHardState(HardState.newBuilder().setTerm(1).setCommit(3).build());
		storage.applySnapshot(snapshot(2, 1, 1, 2));
		storage.append(List.of(Entry.newBuilder().setTerm(1).setIndex(3).setData(ByteString.copyFromUtf8("foo")).build()));
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			Ready rd = ready(node);
			assertThat(RawNode.isEmptyHardState(rd.hardState())).isTrue();
			assertThat(describe(rd.committedEntries())).containsExactly("1/3 foo");
			assertThat(rd.mustSync()).isFalse();
			node.advance();
			assertNoReady(node);
			assertThat(node.status().get().config().voters.toString()).isEqualTo("(1 2)");
		}
	}

	@Test
	void aJoiningNodeLearnsItsConfigurationFromTheLeadersSnapshot() throws Exception {
		MemoryStorage storage = new MemoryStorage();
		try (Node node = Node.join(config(1, storage, this.logger))) {
			Snapshot snap = snapshot(5, 1, 1, 2);
			node.step(Message.newBuilder()
				.setType(MessageType.MsgSnap)
				.setFrom(2)
				.setTo(1)
				.setTerm(1)
				.setSnapshot(snap)
				.build()).get();
			Ready rd = ready(node);
			assertThat(rd.snapshot()).isEqualTo(snap);
			assertThat(rd.softState().lead()).isEqualTo(2);
			persist(storage, rd);
			node.advance();
			Status status = node.status().get();
			assertThat(status.commit()).isEqualTo(5);
			assertThat(status.config().voters.toString()).isEqualTo("(1 2)");
		}
	}

	@Test
	void aJoiningNodeNeedsAnEmptyStorage() {
		MemoryStorage storage = storageWithVoters(1);
		storage.append(List.of(Entry.newBuilder().setTerm(1).setIndex(1).build()));
		assertThatIllegalArgumentException().isThrownBy(() -> Node.join(config(1, storage, this.logger)))
			.withMessage("a joining node needs an empty storage; use restart");
	}

	@Test
	void anInvalidConfigurationIsRefusedWithEtcdsText() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Node.restart(config(1, new MemoryStorage(), this.logger).setHeartbeatTick(0)))
			.withMessage("heartbeat tick must be greater than 0");
	}

	static Snapshot snapshot(long index, long term, long... voters) {
		ConfState.Builder cs = ConfState.newBuilder();
		for (long voter : voters) {
			cs.addVoters(voter);
		}
		return Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setConfState(cs).setIndex(index).setTerm(term))
			.build();
	}

	static void assertHardState(HardState hs, long term, long vote, long commit) {
		assertThat(hs.getTerm()).as("term").isEqualTo(term);
		assertThat(hs.getVote()).as("vote").isEqualTo(vote);
		assertThat(hs.getCommit()).as("commit").isEqualTo(commit);
	}

	/** Entries as "term/index data". */
	static List<String> describe(List<Entry> entries) {
		return entries.stream().map((e) -> e.getTerm() + "/" + e.getIndex() + " " + e.getData().toStringUtf8()).toList();
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
