package org.raftboot.raft;

/**
 * A failure reading or writing raft's log. The nested kinds are the ones the algorithm reacts to
 * (etcd raft's sentinel errors, with the same messages); any other makes the node inoperable.
 */
public class StorageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public StorageException(String message) {
		super(message);
	}

	public StorageException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Raised without a stack trace: the algorithm expects these and handles them. */
	StorageException(String message, boolean expected) {
		super(message, null, false, false);
	}

	/** The requested index predates the last snapshot (etcd's {@code ErrCompacted}). */
	public static final class Compacted extends StorageException {

		private static final long serialVersionUID = 1L;

		public Compacted() {
			super("requested index is unavailable due to compaction", true);
		}

	}

	/** A snapshot older than the existing one was offered (etcd's {@code ErrSnapOutOfDate}). */
	public static final class SnapshotOutOfDate extends StorageException {

		private static final long serialVersionUID = 1L;

		public SnapshotOutOfDate() {
			super("requested index is older than the existing snapshot", true);
		}

	}

	/** The requested entries are not in storage (etcd's {@code ErrUnavailable}). */
	public static final class Unavailable extends StorageException {

		private static final long serialVersionUID = 1L;

		public Unavailable() {
			super("requested entry at index is unavailable", true);
		}

	}

	/**
	 * The snapshot is being prepared; the leader will ask again later (etcd's
	 * {@code ErrSnapshotTemporarilyUnavailable}).
	 */
	public static final class SnapshotTemporarilyUnavailable extends StorageException {

		private static final long serialVersionUID = 1L;

		public SnapshotTemporarilyUnavailable() {
			super("snapshot is temporarily unavailable", true);
		}

	}

}
