package org.raftboot.transport;

/**
 * Outcomes the runtime turns into {@code RawNode.reportUnreachable} and {@code reportSnapshot}.
 * Called on transport I/O threads or on the thread that called {@code send}; implementations must
 * be quick and must not block (typically they enqueue an event for the Raft loop). Either may be
 * called many times for the same peer.
 */
public interface TransportListener {

	/** A message of {@code groupId} for {@code peerId} was dropped or a connection to it was lost. */
	void onUnreachable(long groupId, long peerId);

	/** The snapshot for {@code peerId} was delivered and accepted ({@code true}), or it failed. */
	void onSnapshotStatus(long groupId, long peerId, boolean success);
}
