package org.raftboot.spring.autoconfigure;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.spring.PeerAddress;

/**
 * Checks {@code raft.node-id} and {@code raft.peers} and turns the peers into socket addresses, so that
 * every mistake fails at start-up with a {@link RaftStartupException} naming the property.
 */
final class PeerAddresses {

	private PeerAddresses() {
	}

	/** The validated peers of {@code properties}, in id order (empty when none are configured). */
	static Map<Long, InetSocketAddress> of(RaftProperties properties) {
		long nodeId = properties.getNodeId();
		if (nodeId <= 0) {
			throw RaftStartupException.nodeIdMissing(nodeId);
		}
		Map<Long, String> peers = properties.getPeers();
		Map<Long, InetSocketAddress> addresses = new TreeMap<>();
		Map<String, Long> seen = new HashMap<>();
		peers.forEach((id, value) -> {
			if (id == null || id <= 0) {
				throw RaftStartupException.malformedPeer(id, String.valueOf(value), "the id must be greater than 0");
			}
			InetSocketAddress address = parse(id, value);
			String key = address.getHostString().toLowerCase() + ":" + address.getPort();
			Long other = seen.putIfAbsent(key, id);
			if (other != null) {
				throw RaftStartupException.duplicatePeerAddress(value.strip(), Math.min(other, id), Math.max(other, id));
			}
			addresses.put(id, address);
		});
		if (!addresses.isEmpty() && !addresses.containsKey(nodeId)) {
			throw RaftStartupException.nodeIdNotInPeers(nodeId, new TreeMap<>(peers));
		}
		return addresses;
	}

	private static InetSocketAddress parse(long id, @Nullable String value) {
		String text = (value != null) ? value.strip() : "";
		try {
			return PeerAddress.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw RaftStartupException.malformedPeer(id, text, ex.getMessage());
		}
	}

}
