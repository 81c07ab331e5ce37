package org.raftboot.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.transport.SnapshotPayload;

/**
 * The files of snapshots received from a leader, by index, between the transport and the storage
 * thread: the node gets the {@code MsgSnap} with its metadata only, and when raft accepts it the
 * storage thread hands the file to the storage ({@code FileStorage.save(..., Path)}), so the data
 * never sits on the heap. A file is deleted once a snapshot at or past its index was installed or
 * the replica applied past it (raft never accepts a snapshot behind its commit index), and on close.
 */
final class ReceivedSnapshots {

	private static final System.Logger logger = System.getLogger(ReceivedSnapshots.class.getName());

	private final ConcurrentSkipListMap<Long, SnapshotPayload> files = new ConcurrentSkipListMap<>(Long::compareUnsigned);

	private volatile boolean closed;

	/**
	 * Keeps a received payload backed by a file; false (nothing kept) for any other payload or once
	 * closed. A second copy of a snapshot already kept is deleted at once: the storage thread may be
	 * about to take the first one's file, and both hold the same state (that of a committed index).
	 */
	boolean offer(long index, SnapshotPayload payload) {
		if (payload.file().isEmpty() || this.closed) {
			return false;
		}
		if (this.files.putIfAbsent(index, payload) != null) {
			release(payload);
			return true;
		}
		if (this.closed) {
			discardUpTo(-1L);
		}
		return true;
	}

	/** The file holding the data of the snapshot at {@code index}, if one was received. */
	@Nullable Path file(long index) {
		SnapshotPayload payload = this.files.get(index);
		return (payload == null) ? null : payload.file().orElse(null);
	}

	boolean isEmpty() {
		return this.files.isEmpty();
	}

	/** Deletes the files of the snapshots at or before {@code index} (unsigned). */
	void discardUpTo(long index) {
		Map<Long, SnapshotPayload> obsolete = this.files.headMap(index, true);
		for (Map.Entry<Long, SnapshotPayload> e : obsolete.entrySet()) {
			if (this.files.remove(e.getKey(), e.getValue())) {
				release(e.getValue());
			}
		}
	}

	/** Deletes every file, now and as they arrive. */
	void close() {
		this.closed = true;
		discardUpTo(-1L);
	}

	private static void release(SnapshotPayload payload) {
		try {
			payload.close();
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot delete the received snapshot " + payload, ex);
		}
	}
}
