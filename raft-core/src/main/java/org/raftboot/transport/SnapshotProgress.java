package org.raftboot.transport;

/** How far the snapshot being streamed to a peer has got, for the actuator. */
public record SnapshotProgress(long groupId, long bytesSent, long totalBytes) {
}
