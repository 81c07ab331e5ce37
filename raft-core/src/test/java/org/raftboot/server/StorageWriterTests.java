package org.raftboot.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;

import static org.assertj.core.api.Assertions.assertThat;

/** The storage thread's work on a batch of {@code MsgStorageAppend} messages, driven by hand. */
class StorageWriterTests {

	private static final long SELF = 1;

	@TempDir
	Path dir;

	private final List<Message> toNode = new ArrayList<>();

	private final List<Message> toPeers = new ArrayList<>();

	private final List<Integer> syncs = new ArrayList<>();

	private final List<Snapshot> installs = new ArrayList<>();

	@Test
	void appendsQueuedTogetherAreWrittenWithOneSyncThenTheirResponsesLeaveInOrder() {
		try (FileStorage storage = FileStorage.open(this.dir)) {
			StorageWriter writer = writer(storage);
			writer.accept(List.of(append(1, 1, 0, entries(1, 2, 1), ack(1, 2)),
					append(2, 1, 0, entries(3, 3, 2), vote(2, 3)),
					append(2, 1, 2, entries(3, 4, 2), ack(1, 4))));

			assertThat(this.syncs).as("one sync for the three appends, of the entries they leave").containsExactly(4);
			assertThat(storage.lastIndex()).isEqualTo(4);
			assertThat(storage.term(3)).as("the later append replaced entry 3").isEqualTo(2);
			assertThat(storage.initialState().hardState())
				.isEqualTo(HardState.newBuilder().setTerm(2).setVote(1).setCommit(2).build());
			assertThat(this.toNode).extracting(Message::getIndex).containsExactly(2L, 4L);
			assertThat(this.toPeers).extracting(Message::getType).containsExactly(MessageType.MsgVoteResp);
		}
	}

	@Test
	void anAppendThatOnlyMovesTheCommitIndexWritesNothingButItsResponsesStillLeaveInOrder() {
		try (FileStorage storage = FileStorage.open(this.dir)) {
			StorageWriter writer = writer(storage);
			writer.accept(List.of(append(1, 1, 0, entries(1, 3, 1), ack(1, 3))));
			Message commitOnly = append(1, 1, 3, List.of(), ack(1, 3));
			assertThat(StorageWriter.writesNothing(commitOnly, storage.initialState().hardState())).isTrue();
			writer.accept(List.of(commitOnly));

			assertThat(this.syncs).containsExactly(3);
			assertThat(storage.initialState().hardState().getCommit()).as("not written").isZero();
			assertThat(this.toNode).hasSize(2);
			assertThat(writer.idle(2)).as("both appends handled").isTrue();
		}
	}

	@Test
	void onlyAnAppendWithoutEntriesSnapshotOrNewTermOrVoteWritesNothing() {
		HardState last = HardState.newBuilder().setTerm(2).setVote(1).setCommit(4).build();
		assertThat(StorageWriter.writesNothing(append(0, 0, 0, List.of(), ack(2, 4)), last)).isTrue();
		assertThat(StorageWriter.writesNothing(append(2, 1, 9, List.of(), ack(2, 4)), last)).isTrue();
		assertThat(StorageWriter.writesNothing(append(3, 1, 9, List.of(), ack(3, 4)), last)).as("new term").isFalse();
		assertThat(StorageWriter.writesNothing(append(2, 3, 9, List.of(), ack(2, 4)), last)).as("new vote").isFalse();
		assertThat(StorageWriter.writesNothing(append(2, 1, 9, entries(5, 5, 2), ack(2, 5)), last)).isFalse();
		Message withSnapshot = append(2, 1, 9, List.of(), ack(2, 9)).toBuilder()
			.setSnapshot(Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder().setIndex(9).setTerm(2)))
			.build();
		assertThat(StorageWriter.writesNothing(withSnapshot, last)).isFalse();
	}

	@Test
	void aSnapshotIsWrittenOnItsOwnAndItsInstallQueuedBeforeRaftLearnsItIsStored() {
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build())) {
			StorageWriter writer = writer(storage);
			Snapshot snapshot = Snapshot.newBuilder()
				.setMetadata(SnapshotMetadata.newBuilder().setIndex(10).setTerm(2))
				.setData(ByteString.copyFromUtf8("state"))
				.build();
			Message withSnapshot = append(2, 0, 10, List.of(), ack(1, 10)).toBuilder().setSnapshot(snapshot).build();
			writer.accept(List.of(append(1, 1, 0, entries(1, 2, 1), ack(1, 2)), withSnapshot,
					append(2, 0, 10, entries(11, 11, 2), ack(1, 11))));

			assertThat(this.syncs).as("entries before, the snapshot, entries after").containsExactly(2, 0, 1);
			assertThat(this.installs).containsExactly(snapshot);
			assertThat(storage.firstIndex()).isEqualTo(11);
			assertThat(storage.lastIndex()).isEqualTo(11);
			assertThat(this.toNode).extracting(Message::getIndex).containsExactly(2L, 10L, 11L);
		}
	}

	/**
	 * The apply thread raises the stored commit index for a snapshot while the storage thread holds a
	 * batch it took earlier: a vote at a new term whose hard state carries the older commit index. The
	 * write keeps the raised one, so the snapshot recorded next is never ahead of the stored commit
	 * index (a restart would find the hard state behind it, and raft would panic).
	 */
	@Test
	void aVoteWrittenAfterTheCommitIndexWasRaisedForASnapshotKeepsTheRaisedOne() {
		try (FileStorage storage = FileStorage.open(FileStorageOptions.builder(this.dir).fsync(false).build())) {
			storage.save(HardState.newBuilder().setTerm(4).setCommit(100).build(), entries(1, 150, 4),
					Snapshot.getDefaultInstance());
			StorageWriter writer = writer(storage);
			Message voteAtTerm5 = append(5, 2, 100, List.of(), vote(5, 2));
			storage.raiseCommit(150);
			writer.accept(List.of(voteAtTerm5));
			storage.createSnapshot(150, null, ByteString.copyFromUtf8("state at 150"));
			assertThat(storage.initialState().hardState())
				.isEqualTo(HardState.newBuilder().setTerm(5).setVote(2).setCommit(150).build());
			assertThat(this.toPeers).containsExactly(vote(5, 2));
		}
	}

	private StorageWriter writer(FileStorage storage) {
		return new StorageWriter(SELF, this.toNode::add, this.toPeers::addAll, storage, new ReceivedSnapshots(),
				new RaftServerListener() {
					@Override
					public void onPersisted(long nanos, int entries) {
						StorageWriterTests.this.syncs.add(entries);
					}
				}, this.installs::add);
	}

	private static Message append(long term, long vote, long commit, List<Entry> entries, Message response) {
		return Message.newBuilder()
			.setType(MessageType.MsgStorageAppend)
			.setTo(RaftConstants.LOCAL_APPEND_THREAD)
			.setFrom(SELF)
			.setTerm(term)
			.setVote(vote)
			.setCommit(commit)
			.addAllEntries(entries)
			.addResponses(response)
			.build();
	}

	private static List<Entry> entries(long from, long to, long term) {
		List<Entry> entries = new ArrayList<>();
		for (long i = from; i <= to; i++) {
			entries.add(Entry.newBuilder().setIndex(i).setTerm(term).build());
		}
		return entries;
	}

	private static Message ack(long term, long index) {
		return Message.newBuilder()
			.setType(MessageType.MsgStorageAppendResp)
			.setTo(SELF)
			.setFrom(RaftConstants.LOCAL_APPEND_THREAD)
			.setTerm(term)
			.setIndex(index)
			.build();
	}

	private static Message vote(long term, long to) {
		return Message.newBuilder().setType(MessageType.MsgVoteResp).setTo(to).setFrom(SELF).setTerm(term).build();
	}
}
