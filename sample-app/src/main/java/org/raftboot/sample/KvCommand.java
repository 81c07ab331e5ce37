package org.raftboot.sample;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.jspecify.annotations.Nullable;

/**
 * One change to the store, as it travels through the Raft log: a one-byte operation code followed by
 * length-prefixed UTF-8 strings (key, then value, then the expected value for a compare-and-set). Small
 * and stable, so that a log written by one version is read by the next.
 *
 * @param op what to do
 * @param key the key it applies to
 * @param value the new value ({@code null} for a delete)
 * @param expect the value a compare-and-set expects ({@code null} otherwise)
 */
record KvCommand(Op op, String key, @Nullable String value, @Nullable String expect) {

	/** The operations, with their code in the log (never renumber). */
	enum Op {

		PUT(1), DELETE(2), COMPARE_AND_SET(3);

		private final int code;

		Op(int code) {
			this.code = code;
		}

		static Op of(int code) {
			for (Op op : values()) {
				if (op.code == code) {
					return op;
				}
			}
			throw new IllegalArgumentException("Unknown command code " + code);
		}

	}

	static KvCommand put(String key, String value) {
		return new KvCommand(Op.PUT, key, value, null);
	}

	static KvCommand delete(String key) {
		return new KvCommand(Op.DELETE, key, null, null);
	}

	static KvCommand compareAndSet(String key, String expect, String value) {
		return new KvCommand(Op.COMPARE_AND_SET, key, value, expect);
	}

	byte[] encode() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(this.op.code);
			WireStrings.write(out, this.key);
			if (this.value != null) {
				WireStrings.write(out, this.value);
			}
			if (this.expect != null) {
				WireStrings.write(out, this.expect);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static KvCommand decode(byte[] data) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
			Op op = Op.of(in.readUnsignedByte());
			String key = WireStrings.read(in);
			return switch (op) {
				case PUT -> put(key, WireStrings.read(in));
				case DELETE -> delete(key);
				case COMPARE_AND_SET -> {
					String value = WireStrings.read(in);
					yield compareAndSet(key, WireStrings.read(in), value);
				}
			};
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Malformed command of " + data.length + " bytes", ex);
		}
	}

}
