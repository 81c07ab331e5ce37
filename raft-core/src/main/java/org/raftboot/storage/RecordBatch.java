package org.raftboot.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one write, encoded into a single buffer so that they reach the segment in one
 * write and are made durable by one sync. Remembers where each record starts.
 */
final class RecordBatch {

	private final List<RecordType> types = new ArrayList<>();

	private final List<byte[]> payloads = new ArrayList<>();

	private int size;

	RecordBatch add(RecordType type, byte[] payload) {
		this.types.add(type);
		this.payloads.add(payload);
		this.size += RecordFormat.size(payload.length);
		return this;
	}

	boolean isEmpty() {
		return this.types.isEmpty();
	}

	int size() {
		return this.size;
	}

	/** The encoded records; {@code offsets[k]} receives where record {@code k} starts in it. */
	ByteBuffer encode(long[] offsets) {
		ByteBuffer out = ByteBuffer.allocate(this.size);
		for (int k = 0; k < this.types.size(); k++) {
			offsets[k] = out.position();
			RecordFormat.put(out, this.types.get(k), this.payloads.get(k));
		}
		return out.flip();
	}

	int count() {
		return this.types.size();
	}

}
