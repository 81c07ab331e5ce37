package org.raftboot.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/**
 * The header the runtime puts in front of what it proposes, so that the replica that proposed an
 * entry finds the future to complete when it applies it:
 * <pre>
 * byte 0      format, {@value #FORMAT}
 * bytes 1-8   session: random per RaftServer start (big-endian long), so that entries proposed by
 *             an earlier run of the replica never match a new run's proposals
 * bytes 9-16  sequence number of the proposal within the session, from 1, in proposal order
 * bytes 17-   the payload: the user's bytes (normal entries) or the address book (conf changes)
 * </pre>
 * An entry with empty data (a new leader's empty entry, an automatic leave of a joint
 * configuration) carries no envelope.
 */
final class Envelope {

	static final byte FORMAT = 1;

	static final int HEADER_SIZE = 17;

	/** The session of the bootstrap's configuration changes, which no server's proposals use. */
	static final long BOOTSTRAP_SESSION = 0;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private Envelope() {
	}

	/** Wraps a copy of {@code payload}: the one copy a proposal's bytes take on their way into the log. */
	static ByteString wrap(long session, long seq, byte[] payload) {
		byte[] out = new byte[HEADER_SIZE + payload.length];
		putHeader(out, session, seq);
		System.arraycopy(payload, 0, out, HEADER_SIZE, payload.length);
		// Never written again: the ByteString may share it.
		return UnsafeByteOperations.unsafeWrap(out);
	}

	static ByteString wrap(long session, long seq, ByteString payload) {
		byte[] header = new byte[HEADER_SIZE];
		putHeader(header, session, seq);
		return UnsafeByteOperations.unsafeWrap(header).concat(payload);
	}

	private static void putHeader(byte[] out, long session, long seq) {
		out[0] = FORMAT;
		LONGS.set(out, 1, session);
		LONGS.set(out, 9, seq);
	}

	static boolean isWrapped(ByteString data) {
		return data.size() >= HEADER_SIZE && data.byteAt(0) == FORMAT;
	}

	/** @throws IllegalStateException if the data was not wrapped by this runtime */
	static void check(ByteString data) {
		if (!isWrapped(data)) {
			throw new IllegalStateException("Entry without a RaftServer envelope (" + data.size() + " bytes)");
		}
	}

	static long session(ByteString data) {
		return readLong(data, 1);
	}

	static long seq(ByteString data) {
		return readLong(data, 9);
	}

	static ByteString payload(ByteString data) {
		return data.substring(HEADER_SIZE);
	}

	private static long readLong(ByteString data, int from) {
		long v = 0;
		for (int i = from; i < from + 8; i++) {
			v = (v << 8) | (data.byteAt(i) & 0xFF);
		}
		return v;
	}
}
