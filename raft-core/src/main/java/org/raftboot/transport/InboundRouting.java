package org.raftboot.transport;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

/**
 * What inbound connections consult: this node's identity, its known peers, the group handlers, the
 * thread that syncs the snapshots coming in ({@link SnapshotFileSync}), and whom to tell that a known
 * peer has connected to this node ({@code connectedIn}, with its id).
 */
record InboundRouting(TransportConfig config, TransportMetrics metrics, Map<Long, PeerMetrics> peers,
		Map<Long, MessageHandler> handlers, Executor snapshotSyncs, LongConsumer connectedIn) {

	@Nullable PeerMetrics peer(long peerId) {
		return this.peers.get(peerId);
	}

	@Nullable MessageHandler handler(long groupId) {
		return this.handlers.get(groupId);
	}
}
