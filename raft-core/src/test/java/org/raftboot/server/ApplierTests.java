package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.FileStorage;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.TransportConfig;

class ApplierTests {

	/**
	 * Regression (found by the sample's process-level fault suite, where a follower panicked with "error
	 * scanning unapplied entries [322, 336): requested index is unavailable due to compaction" when it
	 * campaigned): the snapshot taken while applying a Ready compacted the log past the applied index
	 * the node knew of, before that Ready was advanced. The log may only be compacted up to the applied
	 * index raft has stepped.
	 */
	@Test
	void theLogIsNeverCompactedPastWhatTheNodeWasToldIsApplied(@TempDir Path dir) {
		withApplier(dir, 12, 5, 1, (applier, storage, entries) -> {
			applier.apply(entries.subList(0, 3));
			applier.raftApplied(3);
			applier.apply(entries.subList(3, 12));
			assertThat(applier.snapshotIndex()).isEqualTo(12);
			assertThat(storage.firstIndex()).as("raft stepped the apply of index 3 only").isLessThanOrEqualTo(4);

			applier.apply(List.of());
			assertThat(storage.firstIndex()).as("raft has not stepped the apply of 12 yet").isLessThanOrEqualTo(4);
			applier.raftApplied(12);
			applier.apply(List.of());
			assertThat(storage.firstIndex()).as("compacted once raft stepped the apply of 12").isEqualTo(12);
		});
	}

	@Test
	void aSnapshotIsTakenEveryNAppliedEntriesAndTheLogKeepsMEntriesBehindIt(@TempDir Path dir) {
		withApplier(dir, 10, 4, 3, (applier, storage, entries) -> {
			applyAndStep(applier, entries.subList(0, 3));
			assertThat(applier.snapshotsTaken()).as("3 of every 4").isZero();
			applyAndStep(applier, entries.subList(3, 5));
			assertThat(applier.snapshotIndex()).isEqualTo(5);
			applyAndStep(applier, entries.subList(5, 8));
			assertThat(applier.snapshotIndex()).as("not 4 past the last one yet").isEqualTo(5);
			assertThat(storage.firstIndex()).as("3 entries kept behind the snapshot at 5").isEqualTo(3);
			applyAndStep(applier, entries.subList(8, 10));
			assertThat(applier.snapshotIndex()).isEqualTo(10);
			assertThat(applier.snapshotsTaken()).isEqualTo(2);
			applier.apply(List.of());
			assertThat(storage.firstIndex()).as("3 entries kept behind the snapshot at 10").isEqualTo(8);
			assertThat(storage.snapshot().getMetadata().getIndex()).isEqualTo(10);
		});
	}

	@Test
	void applyingGoesOnWhileASnapshotIsWrittenAndTheLogIsCompactedBehindItOnceItIsDurable(@TempDir Path dir) {
		withApplier(dir, 12, 4, 1, (applier, storage, entries) -> {
			List<Runnable> writes = new ArrayList<>();
			List<Runnable> reports = new ArrayList<>();
			applier.writeSnapshotsOn(writes::add, reports::add);

			applyAndStep(applier, entries.subList(0, 5));
			assertThat(writes).as("the snapshot at 5, taken").hasSize(1);
			applyAndStep(applier, entries.subList(5, 10));
			assertThat(applier.applied()).isEqualTo(10);
			assertThat(writes).as("none more while it is written").hasSize(1);
			assertThat(applier.snapshotIndex()).isZero();

			writes.remove(0).run();
			assertThat(storage.snapshot().getMetadata().getIndex()).isEqualTo(5);
			applier.apply(List.of());
			assertThat(storage.firstIndex()).as("not compacted before the apply thread hears of it").isEqualTo(1);
			reports.remove(0).run();
			assertThat(applier.snapshotIndex()).isEqualTo(5);
			assertThat(applier.snapshotsTaken()).isEqualTo(1);
			assertThat(storage.firstIndex()).as("1 entry kept behind the snapshot at 5, at once").isEqualTo(5);
			assertThat(writes).as("the one that fell due at 9 while it was written, taken at once").hasSize(1);

			writes.remove(0).run();
			reports.remove(0).run();
			assertThat(applier.snapshotIndex()).isEqualTo(10);
			applyAndStep(applier, entries.subList(10, 12));
			assertThat(writes).as("none before 4 past the last").isEmpty();
		});
	}

	/**
	 * A snapshot is never ahead of the commit index the storage holds (a restart would find the hard
	 * state behind the snapshot and panic): the storage thread does not write commit indexes alone, so
	 * the snapshot raises the stored one to the applied index first, keeping term and vote.
	 */
	@Test
	void aSnapshotRaisesTheStoredCommitIndexToItsOwnFirst(@TempDir Path dir) {
		FileStorage storage = FileStorage.open(dir);
		List<Entry> entries = entries(6);
		storage.save(HardState.newBuilder().setTerm(3).setVote(2).setCommit(2).build(), entries,
				Snapshot.getDefaultInstance());
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, 1).build(), new TransportEventRouter());
		try {
			Applier applier = applier(storage, transport, 4, 1);

			applier.apply(entries.subList(0, 5));
			assertThat(applier.snapshotIndex()).isEqualTo(5);
			assertThat(storage.initialState().hardState())
				.isEqualTo(HardState.newBuilder().setTerm(3).setVote(2).setCommit(5).build());
		}
		finally {
			transport.close();
			storage.close();
		}
	}

	/**
	 * Regression (found by the in-JVM fault suite under CPU starvation): a replica that caught up
	 * through a snapshot never saw its own proposals inside it one by one, so when its next proposal
	 * was applied the earlier ones were reported dropped, although the snapshot held their effect.
	 */
	@Test
	void proposalsCoveredByAnInstalledSnapshotHaveAnUnknownOutcomeNeverDropped(@TempDir Path dir) throws Exception {
		long session = 7;
		List<Entry> entries = List.of(entry(1, session, 1), entry(2, session, 2), entry(3, 99, 1));
		Snapshot snapshot = snapshotOfOtherReplica(dir.resolve("leader"), entries);

		FileStorage storage = FileStorage.open(dir.resolve("proposer"));
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, 1).build(), new TransportEventRouter());
		try {
			Proposals proposals = new Proposals();
			CompletableFuture<Applied> second = new CompletableFuture<>();
			CompletableFuture<Applied> third = new CompletableFuture<>();
			proposals.add(2, second, Long.MAX_VALUE);
			proposals.add(3, third, Long.MAX_VALUE);
			Applier applier = applier(storage, transport, proposals, session);

			storage.save(HardState.newBuilder().setTerm(1).setCommit(3).build(), List.of(), snapshot);
			applier.install(snapshot);
			applier.apply(List.of(entry(4, session, 3)));

			assertThatExceptionOfType(ExecutionException.class).isThrownBy(second::get)
				.withCauseInstanceOf(ProposalOutcomeUnknownException.class);
			assertThat(third.get().index()).isEqualTo(4);
		}
		finally {
			transport.close();
			storage.close();
		}
	}

	/** Applies the entries and, as the apply thread does once raft stepped the response, tells their last index. */
	private static void applyAndStep(Applier applier, List<Entry> entries) {
		applier.apply(entries);
		applier.raftApplied(entries.get(entries.size() - 1).getIndex());
	}

	private static Snapshot snapshotOfOtherReplica(Path dir, List<Entry> entries) {
		FileStorage storage = FileStorage.open(dir);
		NettyTransport transport = new NettyTransport(TransportConfig.builder(2, 1).build(), new TransportEventRouter());
		try {
			storage.save(HardState.newBuilder().setTerm(1).setCommit(entries.size()).build(), entries,
					Snapshot.getDefaultInstance());
			Applier applier = applier(storage, transport, new Proposals(), 42);
			applier.apply(entries);
			assertThat(applier.snapshotIndex()).isEqualTo(entries.size());
			return storage.snapshot();
		}
		finally {
			transport.close();
			storage.close();
		}
	}

	private static Applier applier(FileStorage storage, NettyTransport transport, Proposals proposals, long session) {
		return applier(storage, transport, proposals, session, 3, 1);
	}

	/**
	 * Runs {@code test} with an applier (a snapshot every {@code every} applied entries, {@code keep}
	 * kept behind it) over a storage that holds entries 1 to {@code n}, committed.
	 */
	private static void withApplier(Path dir, int n, long every, long keep, ApplierTest test) {
		FileStorage storage = FileStorage.open(dir);
		List<Entry> entries = entries(n);
		storage.save(HardState.newBuilder().setTerm(1).setCommit(n).build(), entries, Snapshot.getDefaultInstance());
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, 1).build(), new TransportEventRouter());
		try {
			test.run(applier(storage, transport, every, keep), storage, entries);
		}
		finally {
			transport.close();
			storage.close();
		}
	}

	@FunctionalInterface
	private interface ApplierTest {

		void run(Applier applier, FileStorage storage, List<Entry> entries);
	}

	private static Applier applier(FileStorage storage, NettyTransport transport, long every, long keep) {
		return applier(storage, transport, new Proposals(), 1, every, keep);
	}

	private static Applier applier(FileStorage storage, NettyTransport transport, Proposals proposals, long session,
			long every, long keep) {
		RaftServerConfig config = RaftServerConfig.builder(1).snapshot(every, keep).build();
		return new Applier(config, new RecordingStateMachine(), storage, transport, proposals,
				new ReadBarriers((ctx) -> {
				}, 10, 0), session, new AddressBook(), new RaftServerListener() {
				});
	}

	/** Entries 1 to {@code last} of term 1, without data. */
	private static List<Entry> entries(long last) {
		List<Entry> entries = new ArrayList<>();
		for (long index = 1; index <= last; index++) {
			entries.add(Entry.newBuilder().setIndex(index).setTerm(1).build());
		}
		return entries;
	}

	private static Entry entry(long index, long session, long seq) {
		return Entry.newBuilder().setIndex(index).setTerm(1)
			.setData(Envelope.wrap(session, seq, ByteString.copyFromUtf8("v" + index)))
			.build();
	}

}
