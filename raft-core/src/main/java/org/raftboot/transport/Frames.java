package org.raftboot.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import org.raftboot.raft.pb.Message;

/**
 * The wire format after the connection header: every frame is a 4-byte length, then a kind byte and
 * the 8-byte Raft group id, then the body. Message connections carry {@link #MESSAGE} frames; snapshot
 * connections carry one {@link #SNAPSHOT_BEGIN}, its {@link #SNAPSHOT_CHUNK}s and, back from the
 * receiver, one {@link #SNAPSHOT_ACK}.
 */
final class Frames {

	static final int LENGTH_FIELD = 4;

	/** Kind and group id. */
	static final int HEADER = 1 + Long.BYTES;

	/** Body: a serialized {@code Message}. */
	static final byte MESSAGE = 1;

	/** Body: the total data size (8 bytes), then the {@code MsgSnap} without its data. */
	static final byte SNAPSHOT_BEGIN = 2;

	/** Body: the next bytes of the snapshot data. */
	static final byte SNAPSHOT_CHUNK = 3;

	/** Body: one byte, 1 if the receiver accepted the snapshot. */
	static final byte SNAPSHOT_ACK = 4;

	private Frames() {
	}

	/** The bytes a message frame of a message with serialized size {@code size} takes on the wire. */
	static int messageFrameSize(int size) {
		return LENGTH_FIELD + HEADER + size;
	}

	/** Writes a message frame; {@code size} is the message's serialized size. */
	static void writeMessage(ByteBuf out, long groupId, Message message, int size) {
		writeHeader(out, MESSAGE, groupId, size);
		writeProto(out, message, size);
	}

	static void writeSnapshotBegin(ByteBuf out, long groupId, long totalSize, Message message) {
		int size = message.getSerializedSize();
		writeHeader(out, SNAPSHOT_BEGIN, groupId, Long.BYTES + size);
		out.writeLong(totalSize);
		writeProto(out, message, size);
	}

	static void writeHeader(ByteBuf out, byte kind, long groupId, int bodySize) {
		out.writeInt(HEADER + bodySize);
		out.writeByte(kind);
		out.writeLong(groupId);
	}

	private static void writeProto(ByteBuf out, Message message, int size) {
		out.ensureWritable(size);
		ByteBuffer target = out.nioBuffer(out.writerIndex(), size);
		try {
			CodedOutputStream coded = CodedOutputStream.newInstance(target);
			message.writeTo(coded);
			coded.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		out.writerIndex(out.writerIndex() + size);
	}
}
