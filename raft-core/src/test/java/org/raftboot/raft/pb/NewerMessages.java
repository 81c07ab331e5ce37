package org.raftboot.raft.pb;

import com.google.protobuf.InvalidProtocolBufferException;

/** Messages as a newer etcd may send them: of a type this version does not know. */
public final class NewerMessages {

	/** A message type number that this schema does not declare. */
	public static final int UNKNOWN_TYPE = 99;

	private NewerMessages() {
	}

	/**
	 * A message of type {@link #UNKNOWN_TYPE}, parsed from its bytes as it would arrive: the type goes
	 * to the unknown fields, so {@code hasType()} is false and {@code getType()} answers {@code MsgHup}.
	 */
	public static Message ofUnknownType(long from, long to, long term) {
		byte[] rest = Message.newBuilder().setFrom(from).setTo(to).setTerm(term).build().toByteArray();
		byte[] bytes = new byte[2 + rest.length];
		bytes[0] = (byte) (Message.TYPE_FIELD_NUMBER << 3);
		bytes[1] = (byte) UNKNOWN_TYPE;
		System.arraycopy(rest, 0, bytes, 2, rest.length);
		try {
			return Message.parseFrom(bytes);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
