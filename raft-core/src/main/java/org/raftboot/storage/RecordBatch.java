package org.raftboot.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;

/**
 * The records of one write, encoded into a single buffer so that they reach the segment in one
 * write and are made durable by one sync. Remembers where each record starts. Messages (entries,
 * hard states) are serialized straight into that buffer, not into an array of their own first.
 */
final class RecordBatch {

	/** A record's payload: bytes, or a message of {@code length} serialized bytes. */
	private record Payload(RecordType type, byte @Nullable [] bytes, @Nullable MessageLite message, int length) {
	}

	private final List<Payload> payloads = new ArrayList<>();

	private int size;

	RecordBatch add(RecordType type, byte[] payload) {
		return add(new Payload(type, payload, null, payload.length));
	}

	RecordBatch add(RecordType type, MessageLite payload) {
		return add(new Payload(type, null, payload, payload.getSerializedSize()));
	}

	private RecordBatch add(Payload payload) {
		this.payloads.add(payload);
		this.size += RecordFormat.size(payload.length());
		return this;
	}

	int size() {
		return this.size;
	}

	/** The encoded records; {@code offsets[k]} receives where record {@code k} starts in it. */
	ByteBuffer encode(long[] offsets) {
		return encode(offsets, new byte[this.size]);
	}

	/**
	 * The encoded records, at the start of {@code buffer} when they fit in it (else in an array of
	 * their own); {@code offsets[k]} receives where record {@code k} starts. One protobuf encoder
	 * writes the whole batch, headers and trailers included.
	 */
	ByteBuffer encode(long[] offsets, byte[] buffer) {
		byte[] array = (buffer.length >= this.size) ? buffer : new byte[this.size];
		CodedOutputStream out = CodedOutputStream.newInstance(array, 0, this.size);
		try {
			for (int k = 0; k < this.payloads.size(); k++) {
				Payload p = this.payloads.get(k);
				offsets[k] = out.getTotalBytesWritten();
				RecordFormat.putHeader(out, p.type(), p.length());
				int start = out.getTotalBytesWritten();
				byte[] bytes = p.bytes();
				if (bytes != null) {
					out.writeRawBytes(bytes);
				}
				else {
					Objects.requireNonNull(p.message(), "a payload is bytes or a message").writeTo(out);
				}
				RecordFormat.putTrailer(out, array, p.type(), start, p.length());
			}
			out.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ByteBuffer.wrap(array, 0, this.size);
	}

	int count() {
		return this.payloads.size();
	}

}
