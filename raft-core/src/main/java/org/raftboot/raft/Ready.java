package org.raftboot.raft;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.Snapshot;

/**
 * Everything a node needs the application to do: persist the entries, hard state and snapshot,
 * send the messages, apply the committed entries, serve the read states. The application handles
 * a Ready completely before asking for the next one (and, without async storage writes, calls
 * {@link RawNode#advance()} in between).
 */
public final class Ready {

	private final @Nullable SoftState softState;

	private final HardState hardState;

	private final List<ReadState> readStates;

	private final List<Entry> entries;

	private final Snapshot snapshot;

	private final List<Entry> committedEntries;

	private final List<Message> messages;

	private final boolean mustSync;

	Ready(@Nullable SoftState softState, HardState hardState, List<ReadState> readStates, List<Entry> entries,
			Snapshot snapshot, List<Entry> committedEntries, List<Message> messages, boolean mustSync) {
		this.softState = softState;
		this.hardState = hardState;
		this.readStates = List.copyOf(readStates);
		this.entries = List.copyOf(entries);
		this.snapshot = snapshot;
		this.committedEntries = List.copyOf(committedEntries);
		this.messages = List.copyOf(messages);
		this.mustSync = mustSync;
	}

	/** The leader and role, or {@code null} when unchanged since the previous Ready. */
	public @Nullable SoftState softState() {
		return this.softState;
	}

	/**
	 * Term, vote and commit index to persist before sending the messages; the default (empty)
	 * instance when unchanged.
	 */
	public HardState hardState() {
		return this.hardState;
	}

	/** Read-only requests confirmed since the previous Ready. */
	public List<ReadState> readStates() {
		return this.readStates;
	}

	/** Entries to persist before sending the messages. */
	public List<Entry> entries() {
		return this.entries;
	}

	/** A snapshot to persist and apply; the default (empty) instance when none. */
	public Snapshot snapshot() {
		return this.snapshot;
	}

	/** Entries to apply to the state machine, in order. */
	public List<Entry> committedEntries() {
		return this.committedEntries;
	}

	/**
	 * Messages to send once the entries and hard state are durable. With async storage writes
	 * they include the local {@code MsgStorageAppend} and {@code MsgStorageApply} messages.
	 */
	public List<Message> messages() {
		return this.messages;
	}

	/** Whether the hard state and entries must be written synchronously (fsync). */
	public boolean mustSync() {
		return this.mustSync;
	}

}
