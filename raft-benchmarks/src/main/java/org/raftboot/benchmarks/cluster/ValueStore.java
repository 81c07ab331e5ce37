package org.raftboot.benchmarks.cluster;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.raftboot.server.CommittedEntry;
import org.raftboot.server.StateMachine;

/**
 * The benchmark's state machine: a map from a long key (the first 8 bytes of a proposal) to the
 * proposal's bytes. Keys are drawn from a bounded range, so the state stays bounded however long the
 * run, and snapshots have a realistic size.
 */
final class ValueStore implements StateMachine {

	private final Map<Long, ByteString> values = new HashMap<>();

	@Override
	public @Nullable Object apply(CommittedEntry entry) {
		ByteString data = entry.data();
		this.values.put(key(data), data);
		return null;
	}

	/** The state in one array written at once (the layout a {@code DataOutputStream} would write). */
	@Override
	public void snapshot(OutputStream out) throws IOException {
		int size = Integer.BYTES;
		for (ByteString value : this.values.values()) {
			size += Long.BYTES + Integer.BYTES + value.size();
		}
		byte[] bytes = new byte[size];
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		buffer.putInt(this.values.size());
		for (Map.Entry<Long, ByteString> e : this.values.entrySet()) {
			ByteString value = e.getValue();
			buffer.putLong(e.getKey()).putInt(value.size());
			value.copyTo(bytes, buffer.position());
			buffer.position(buffer.position() + value.size());
		}
		out.write(bytes);
	}

	@Override
	public void restore(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		this.values.clear();
		for (int n = data.readInt(); n > 0; n--) {
			long key = data.readLong();
			byte[] value = new byte[data.readInt()];
			data.readFully(value);
			this.values.put(key, ByteString.copyFrom(value));
		}
	}

	/** A proposal of {@code size} bytes (at least 8) for {@code key}. */
	static byte[] value(long key, int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < 8; i++) {
			bytes[i] = (byte) (key >>> (56 - 8 * i));
		}
		return bytes;
	}

	private static long key(ByteString data) {
		long key = 0;
		for (int i = 0; i < 8; i++) {
			key = (key << 8) | (data.byteAt(i) & 0xff);
		}
		return key;
	}
}
