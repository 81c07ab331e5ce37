package org.raftboot.storage;

import java.nio.ByteBuffer;

/** An (index, term) position in the log: the payload of snapshot and compaction records. */
record LogPoint(long index, long term) {

	static final int SIZE = 16;

	byte[] encode() {
		return ByteBuffer.allocate(SIZE).putLong(this.index).putLong(this.term).array();
	}

	static LogPoint decode(ByteBuffer payload) {
		if (payload.remaining() != SIZE) {
			throw new IllegalArgumentException("a log point has " + SIZE + " bytes, not " + payload.remaining());
		}
		return new LogPoint(payload.getLong(), payload.getLong());
	}

}
