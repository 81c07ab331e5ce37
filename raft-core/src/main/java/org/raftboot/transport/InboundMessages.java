package org.raftboot.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.UnknownEnums;

/** Checks shared by both kinds of inbound connection: parsing a message and making sure it is ours. */
final class InboundMessages {

	private InboundMessages() {
	}

	/** Reads the kind and group of a frame, refusing one too short to hold them. */
	static byte readKind(ByteBuf frame) {
		if (frame.readableBytes() < Frames.HEADER) {
			throw malformed("frame of " + frame.readableBytes() + " bytes is shorter than its header");
		}
		return frame.readByte();
	}

	/** Parses the rest of {@code frame} as a message from {@code senderId} to this node. */
	static Message parse(MessageReader reader, ByteBuf frame, long senderId, long localId, boolean snapshot) {
		Message message;
		try {
			message = reader.read(frame);
		}
		catch (InvalidProtocolBufferException ex) {
			throw malformed("message does not parse: " + ex.getMessage());
		}
		// A type this version does not know (a newer etcd's) goes on to raft, which applies its term
		// and then ignores it, as etcd does.
		if (!message.hasType() && UnknownEnums.number(message, Message.TYPE_FIELD_NUMBER).isEmpty()) {
			throw malformed("message without a type");
		}
		if ((message.getType() == MessageType.MsgSnap) != snapshot) {
			throw malformed(UnknownEnums.typeName(message) + " on a " + (snapshot ? "snapshot" : "message")
					+ " connection");
		}
		// A follower forwards a leadership transfer request to its leader as raft made it: from the
		// transferee, which is not the sender unless the sender asks for itself.
		if (message.getFrom() != senderId && message.getType() != MessageType.MsgTransferLeader) {
			throw malformed(String.format("message from %x on the connection of %x", message.getFrom(), senderId));
		}
		if (message.getTo() != localId) {
			throw malformed(String.format("message for %x, this is %x", message.getTo(), localId));
		}
		return message;
	}

	static RejectedConnectionException malformed(String detail) {
		return new RejectedConnectionException(RejectReason.MALFORMED_FRAME, detail);
	}
}
