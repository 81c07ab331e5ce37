package org.raftboot.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes and restores the application's whole replicated state. Define one bean of this type and the
 * replica takes a snapshot every {@code raft.snapshot.entries} applied entries and compacts its log;
 * without one, snapshots and compaction are off and the log grows without bound.
 *
 * <p>Both methods run on the apply thread, between two {@code RaftCommittedEvent}s, so the state they
 * see is exactly the state after the last applied entry.
 *
 * @since 0.1.0
 */
public interface RaftSnapshotter {

	/** Writes the whole state as of the last applied entry. */
	void snapshot(OutputStream out) throws IOException;

	/** Replaces the whole state with one written by {@link #snapshot}. */
	void restore(InputStream in) throws IOException;

}
