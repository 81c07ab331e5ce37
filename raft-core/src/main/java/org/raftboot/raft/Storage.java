package org.raftboot.raft;

import java.util.List;

import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;

/**
 * Where the algorithm reads the durable part of the log from. Raft only reads through this
 * interface; the application writes (through {@link MemoryStorage}, a file storage, or its own).
 *
 * <p>Any {@link StorageException} other than the documented ones makes the raft instance
 * inoperable: the application must stop it and recover.
 */
public interface Storage {

	/**
	 * The saved hard state and configuration. The hard state is empty (all zero) when none was
	 * saved yet; the configuration is never null (empty when none was saved).
	 */
	InitialState initialState();

	/**
	 * The entries in {@code [lo, hi)}, at least one if any, and otherwise no more than
	 * {@code maxSize} bytes in total (serialized sizes; {@code maxSize} is unsigned, so -1 means no
	 * limit). The caller owns the returned list; the entries themselves are immutable.
	 * @throws StorageException.Compacted if {@code lo} was compacted away
	 * @throws StorageException.Unavailable if an entry in the range is missing
	 */
	List<Entry> entries(long lo, long hi, long maxSize);

	/**
	 * The term of entry {@code i}, for {@code i} in {@code [firstIndex() - 1, lastIndex()]}: the term
	 * of the entry just before the first one is kept for matching.
	 * @throws StorageException.Compacted if {@code i} is below that range
	 * @throws StorageException.Unavailable if {@code i} is above it
	 */
	long term(long i);

	/** The index of the last entry in the log. */
	long lastIndex();

	/** The index of the first entry that may be read through {@link #entries}. */
	long firstIndex();

	/**
	 * The most recent snapshot.
	 * @throws StorageException.SnapshotTemporarilyUnavailable if it is being prepared; the leader
	 * retries later
	 */
	Snapshot snapshot();

	/** What a storage holds when a node starts: its last hard state and configuration. */
	record InitialState(HardState hardState, ConfState confState) {
	}

}
