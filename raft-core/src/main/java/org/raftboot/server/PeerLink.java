package org.raftboot.server;

import java.util.Optional;

import org.raftboot.transport.ConnectionState;
import org.raftboot.transport.SnapshotProgress;

/** The transport's view of one peer: its connection, queue and any snapshot being sent to it. */
public record PeerLink(long peerId, ConnectionState connection, int queuedMessages, long messagesDropped,
		Optional<SnapshotProgress> snapshotTransfer) {
}
