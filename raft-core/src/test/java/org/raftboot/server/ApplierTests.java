package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
	 * the node knew of, before that Ready was advanced. The log may only be compacted up to what the
	 * previous Readies applied.
	 */
	@Test
	void theLogIsNeverCompactedPastWhatTheNodeWasToldIsApplied(@TempDir Path dir) {
		FileStorage storage = FileStorage.open(dir);
		List<Entry> entries = new ArrayList<>();
		for (long index = 1; index <= 12; index++) {
			entries.add(Entry.newBuilder().setIndex(index).setTerm(1).build());
		}
		storage.save(HardState.newBuilder().setTerm(1).setCommit(12).build(), entries, Snapshot.getDefaultInstance());
		NettyTransport transport = new NettyTransport(TransportConfig.builder(1, 1).build(), new TransportEventRouter());
		try {
			RaftServerConfig config = RaftServerConfig.builder(1).snapshot(5, 1).build();
			Applier applier = new Applier(config, new RecordingStateMachine(), storage, transport, new Proposals(),
					new ReadBarriers((ctx) -> {
					}, 10, 0), 1, new AddressBook(), new RaftServerListener() {
					});

			applier.apply(entries.subList(0, 3));
			applier.apply(entries.subList(3, 12));
			assertThat(applier.snapshotIndex()).isEqualTo(12);
			assertThat(storage.firstIndex()).as("the node was told of index 3 only").isLessThanOrEqualTo(4);

			applier.apply(List.of());
			assertThat(storage.firstIndex()).as("compacted once the Ready that applied 12 was advanced").isEqualTo(12);
		}
		finally {
			transport.close();
			storage.close();
		}
	}

}
