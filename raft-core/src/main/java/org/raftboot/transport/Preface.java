package org.raftboot.transport;

import io.netty.buffer.ByteBuf;

/**
 * The fixed header a client sends once, first thing on a connection: magic, protocol version, what the
 * connection carries, cluster id, sender id and the id of the node it means to reach. It lets the
 * receiver refuse strangers before reading any frame.
 */
record Preface(byte kind, long clusterId, long senderId, long targetId) {

	static final int MAGIC = 0x52425450; // "RBTP"

	static final byte VERSION = 1;

	static final byte MESSAGES = 0;

	static final byte SNAPSHOT = 1;

	static final int SIZE = Integer.BYTES + 1 + 1 + 3 * Long.BYTES;

	void writeTo(ByteBuf out) {
		out.writeInt(MAGIC);
		out.writeByte(VERSION);
		out.writeByte(this.kind);
		out.writeLong(this.clusterId);
		out.writeLong(this.senderId);
		out.writeLong(this.targetId);
	}

	/**
	 * Reads a preface from {@link #SIZE} readable bytes.
	 * @throws RejectedConnectionException if the magic, the version or the kind is wrong
	 */
	static Preface readFrom(ByteBuf in) {
		int magic = in.readInt();
		if (magic != MAGIC) {
			throw new RejectedConnectionException(RejectReason.BAD_HEADER, String.format("bad magic 0x%08x", magic));
		}
		byte version = in.readByte();
		if (version != VERSION) {
			throw new RejectedConnectionException(RejectReason.BAD_HEADER, "unsupported protocol version " + version);
		}
		byte kind = in.readByte();
		if (kind != MESSAGES && kind != SNAPSHOT) {
			throw new RejectedConnectionException(RejectReason.BAD_HEADER, "unknown connection kind " + kind);
		}
		return new Preface(kind, in.readLong(), in.readLong(), in.readLong());
	}
}
