package org.raftboot.raft;

/**
 * etcd raft's special values. Ids and sizes are unsigned 64-bit, so the "maximum" values are
 * negative {@code long}s: compare them with {@link Long#compareUnsigned(long, long)}.
 */
public final class RaftConstants {

	/** No node: no leader, no vote. */
	public static final long NONE = 0L;

	/** The pseudo node that persists entries when storage writes are asynchronous (2^64-1). */
	public static final long LOCAL_APPEND_THREAD = -1L;

	/** The pseudo node that applies committed entries when storage writes are asynchronous (2^64-2). */
	public static final long LOCAL_APPLY_THREAD = -2L;

	/** An unlimited size (2^64-1). */
	public static final long NO_LIMIT = -1L;

	private RaftConstants() {
	}

}
