package org.raftboot.raft.quorum;

/**
 * The textual form of a committed index (etcd's {@code quorum.Index}): an empty configuration
 * commits "everything", printed as {@code ∞}.
 */
public final class Quorum {

	private Quorum() {
	}

	/** The unsigned decimal form of {@code index}, or {@code ∞} for 2^64-1 (-1L). */
	public static String indexToString(long index) {
		return (index == -1L) ? "∞" : Long.toUnsignedString(index);
	}

}
