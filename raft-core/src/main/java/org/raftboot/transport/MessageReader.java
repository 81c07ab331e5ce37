package org.raftboot.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import org.raftboot.raft.pb.Message;

/**
 * Parses the messages of one connection through a heap array that it reuses from frame to frame.
 * Protobuf parses a direct buffer by copying it into a new array first, which on a loaded follower
 * is an array the size of every append it receives; the message copies its bytes fields out of the
 * array (no aliasing), so nothing it holds refers to it once parsed. Arrays of up to
 * {@link #MAX_KEPT_BYTES} are kept; a larger frame gets one of its own. Confined to the connection's
 * event loop.
 */
final class MessageReader {

	static final int MAX_KEPT_BYTES = 1 << 20;

	private byte[] array = new byte[0];

	/** Parses the rest of {@code body} as a message. */
	Message read(ByteBuf body) throws InvalidProtocolBufferException {
		int length = body.readableBytes();
		if (body.hasArray()) {
			return Message.parser().parseFrom(body.array(), body.arrayOffset() + body.readerIndex(), length);
		}
		byte[] target = arrayFor(length);
		body.getBytes(body.readerIndex(), target, 0, length);
		return Message.parser().parseFrom(target, 0, length);
	}

	private byte[] arrayFor(int length) {
		if (length <= this.array.length) {
			return this.array;
		}
		if (length > MAX_KEPT_BYTES) {
			return new byte[length];
		}
		this.array = new byte[Math.min(MAX_KEPT_BYTES, Math.max(length, 2 * this.array.length))];
		return this.array;
	}
}
