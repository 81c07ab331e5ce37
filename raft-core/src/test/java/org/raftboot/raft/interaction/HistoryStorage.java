package org.raftboot.raft.interaction;

import java.util.ArrayList;
import java.util.List;

import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.pb.Snapshot;

/**
 * A node's storage in the driver: a {@link MemoryStorage} whose snapshot is the latest state of
 * the node's "appender" state machine, which records a snapshot after every applied entry.
 */
final class HistoryStorage extends MemoryStorage {

	final List<Snapshot> history = new ArrayList<>();

	HistoryStorage(Snapshot initial) {
		super(new DiscardRaftLogger());
		this.history.add(initial);
	}

	Snapshot lastSnapshot() {
		return this.history.get(this.history.size() - 1);
	}

	@Override
	public Snapshot snapshot() {
		return lastSnapshot();
	}

}
