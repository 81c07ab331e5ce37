package org.raftboot.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.raftboot.transport.TransportListener;

/**
 * The one {@link TransportListener} a transport takes, passing each event to the
 * {@link RaftServer} of its group, so that several groups can share a transport:
 * <pre>{@code
 * TransportEventRouter events = new TransportEventRouter();
 * Transport transport = new NettyTransport(transportConfig, events);
 * }</pre>
 * Events of a group with no server are ignored.
 */
public final class TransportEventRouter implements TransportListener {

	private final Map<Long, TransportListener> groups = new ConcurrentHashMap<>();

	void register(long groupId, TransportListener listener) {
		if (this.groups.putIfAbsent(groupId, listener) != null) {
			throw new IllegalStateException("Group " + Long.toHexString(groupId) + " already has a server on this transport");
		}
	}

	void unregister(long groupId, TransportListener listener) {
		this.groups.remove(groupId, listener);
	}

	@Override
	public void onUnreachable(long groupId, long peerId) {
		TransportListener listener = this.groups.get(groupId);
		if (listener != null) {
			listener.onUnreachable(groupId, peerId);
		}
	}

	@Override
	public void onSnapshotStatus(long groupId, long peerId, boolean success) {
		TransportListener listener = this.groups.get(groupId);
		if (listener != null) {
			listener.onSnapshotStatus(groupId, peerId, success);
		}
	}
}
