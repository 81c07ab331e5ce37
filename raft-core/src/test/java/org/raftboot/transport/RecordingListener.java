package org.raftboot.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the unreachable and snapshot reports of a transport. */
class RecordingListener implements TransportListener {

	final List<Report> unreachable = new CopyOnWriteArrayList<>();

	final List<SnapshotStatus> snapshotStatuses = new CopyOnWriteArrayList<>();

	@Override
	public void onUnreachable(long groupId, long peerId) {
		this.unreachable.add(new Report(groupId, peerId));
	}

	@Override
	public void onSnapshotStatus(long groupId, long peerId, boolean success) {
		this.snapshotStatuses.add(new SnapshotStatus(groupId, peerId, success));
	}

	record Report(long groupId, long peerId) {
	}

	record SnapshotStatus(long groupId, long peerId, boolean success) {
	}
}
