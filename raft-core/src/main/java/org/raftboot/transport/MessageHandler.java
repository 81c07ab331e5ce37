package org.raftboot.transport;

import org.raftboot.raft.pb.Message;

/**
 * Receives the inbound messages of one Raft group. Called on a transport I/O thread, in the order the
 * sender queued them; implementations must not block (hand the message to the Raft loop).
 */
public interface MessageHandler {

	/** Any message other than {@code MsgSnap}. */
	void onMessage(Message message);

	/**
	 * A {@code MsgSnap} whose data has been received in full. The message carries the metadata with
	 * empty {@code snapshot.data}; the data is in {@code payload}, which the handler now owns and must
	 * {@linkplain SnapshotPayload#close() close} once it has consumed it. Throwing reports the
	 * snapshot as failed to the sender.
	 */
	void onSnapshot(Message message, SnapshotPayload payload);
}
