package org.raftboot.raft.pb;

import java.util.List;
import java.util.OptionalInt;

import com.google.protobuf.MessageOrBuilder;

/**
 * Enum numbers that this version does not know, such as a newer etcd's message or conf-change types.
 * Java's proto2 enums are closed: parsing keeps such a number among the message's unknown fields and
 * the getter answers the enum's first value ({@code MsgHup}, {@code ConfChangeAddNode}, ...), where Go
 * keeps the number. Code that acts on a type where etcd acts on its number reads it here.
 */
public final class UnknownEnums {

	private UnknownEnums() {
	}

	/** The last number of enum {@code field} that went to the unknown fields, unless a known value was set. */
	public static OptionalInt number(MessageOrBuilder message, int field) {
		List<Long> values = message.getUnknownFields().getField(field).getVarintList();
		if (values.isEmpty() || message.hasField(message.getDescriptorForType().findFieldByNumber(field))) {
			return OptionalInt.empty();
		}
		return OptionalInt.of(values.get(values.size() - 1).intValue());
	}

	/** A message's type as etcd prints it: its name, or the number of a type this version does not know. */
	public static String typeName(Message message) {
		if (message.hasType()) {
			return message.getType().name();
		}
		OptionalInt unknown = number(message, Message.TYPE_FIELD_NUMBER);
		return unknown.isPresent() ? Integer.toString(unknown.getAsInt()) : message.getType().name();
	}
}
