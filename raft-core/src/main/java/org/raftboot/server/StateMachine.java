package org.raftboot.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

/**
 * The application's replicated state, fed by a {@link RaftServer}. Every method is called on the
 * server's single apply thread, but for the {@link #restore} from the storage's snapshot in
 * {@link RaftServer#start()}, which runs on the thread calling it before the apply thread starts; so
 * an implementation needs no locking against itself (only against its own readers).
 *
 * <p>The state is rebuilt at start from the latest snapshot ({@link #restore}) plus the committed log
 * after it, so an implementation may keep it in memory only: every committed entry is applied
 * exactly once to a given state, in index order, none skipped.
 */
public interface StateMachine {

	/**
	 * Applies one committed entry proposed with {@link RaftServer#propose}.
	 * @return the result handed to the proposer's future (on the replica it was proposed on), or
	 * {@code null}
	 */
	@Nullable Object apply(CommittedEntry entry);

	/** Writes the whole state, as of the last applied entry, for a snapshot. */
	void snapshot(OutputStream out) throws IOException;

	/** Replaces the whole state with one written by {@link #snapshot}. */
	void restore(InputStream in) throws IOException;
}
