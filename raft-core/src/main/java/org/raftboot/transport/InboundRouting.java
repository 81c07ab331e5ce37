package org.raftboot.transport;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** What inbound connections consult: this node's identity, its known peers and the group handlers. */
record InboundRouting(TransportConfig config, TransportMetrics metrics, Map<Long, PeerMetrics> peers,
		Map<Long, MessageHandler> handlers) {

	@Nullable PeerMetrics peer(long peerId) {
		return this.peers.get(peerId);
	}

	@Nullable MessageHandler handler(long groupId) {
		return this.handlers.get(groupId);
	}
}
