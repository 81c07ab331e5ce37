package org.raftboot.storage;

import java.nio.ByteBuffer;

import com.google.protobuf.InvalidProtocolBufferException;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.HardState;

/**
 * The state when a segment was started, written as its first record, so that older segments can
 * be deleted without losing the hard state, the snapshot in force or the log's bounds. Entries
 * {@code (offset, last]} live in older segments: recovery requires that they are compacted by a
 * later record before it trusts the log.
 *
 * @param snapshot the snapshot in force (its file exists), or null for none
 */
record Checkpoint(HardState hardState, @Nullable LogPoint snapshot, LogPoint offset,
		long lastIndex) {

	byte[] encode() {
		byte[] hs = this.hardState.toByteArray();
		ByteBuffer out = ByteBuffer.allocate(1 + 2 * LogPoint.SIZE + Long.BYTES + hs.length);
		LogPoint snap = (this.snapshot != null) ? this.snapshot : new LogPoint(0, 0);
		out.put((byte) ((this.snapshot != null) ? 1 : 0));
		out.putLong(snap.index()).putLong(snap.term());
		out.putLong(this.offset.index()).putLong(this.offset.term());
		out.putLong(this.lastIndex);
		out.put(hs);
		return out.array();
	}

	static Checkpoint decode(ByteBuffer payload) throws InvalidProtocolBufferException {
		byte flag = payload.get();
		LogPoint snap = new LogPoint(payload.getLong(), payload.getLong());
		LogPoint offset = new LogPoint(payload.getLong(), payload.getLong());
		long last = payload.getLong();
		if (flag != 0 && flag != 1) {
			throw new IllegalArgumentException("bad snapshot flag " + flag);
		}
		return new Checkpoint(HardState.parseFrom(payload), (flag == 1) ? snap : null, offset, last);
	}

}
