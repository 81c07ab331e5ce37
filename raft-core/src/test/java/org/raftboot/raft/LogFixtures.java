package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;

import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/** Builders for entries, snapshots and logs shared by the log-layer tests. */
final class LogFixtures {

	private LogFixtures() {
	}

	static Entry entry(long term, long index) {
		return Entry.newBuilder().setTerm(term).setIndex(index).build();
	}

	/** Entries with consecutive indexes from {@code firstIndex}, with the given terms. */
	static List<Entry> entries(long firstIndex, long... terms) {
		List<Entry> ents = new ArrayList<>();
		for (int i = 0; i < terms.length; i++) {
			ents.add(entry(terms[i], firstIndex + i));
		}
		return ents;
	}

	/** Entries {@code [from, to)} whose term equals their index. */
	static List<Entry> selfTermed(long from, long to) {
		List<Entry> ents = new ArrayList<>();
		for (long i = from; i < to; i++) {
			ents.add(entry(i, i));
		}
		return ents;
	}

	static Snapshot snapshot(long term, long index) {
		return Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder().setTerm(term).setIndex(index)).build();
	}

	static MemoryStorage storage() {
		return new MemoryStorage(new DiscardRaftLogger());
	}

	static RaftLog log(Storage storage) {
		return new RaftLog(storage, new DiscardRaftLogger());
	}

	/** An empty log holding the given (unstable) entries, starting at index 1. */
	static RaftLog logWith(List<Entry> ents) {
		RaftLog log = log(storage());
		log.append(ents);
		return log;
	}

}
