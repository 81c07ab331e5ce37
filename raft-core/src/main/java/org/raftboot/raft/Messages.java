package org.raftboot.raft;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.UnknownEnums;

/** Classification of messages and sizes of entries, as etcd's util.go. */
final class Messages {

	private static final Set<MessageType> LOCAL = EnumSet.of(MessageType.MsgHup, MessageType.MsgBeat,
			MessageType.MsgUnreachable, MessageType.MsgSnapStatus, MessageType.MsgCheckQuorum,
			MessageType.MsgStorageAppend, MessageType.MsgStorageAppendResp, MessageType.MsgStorageApply,
			MessageType.MsgStorageApplyResp);

	private static final Set<MessageType> RESPONSE = EnumSet.of(MessageType.MsgAppResp, MessageType.MsgVoteResp,
			MessageType.MsgHeartbeatResp, MessageType.MsgUnreachable, MessageType.MsgReadIndexResp,
			MessageType.MsgPreVoteResp, MessageType.MsgStorageAppendResp, MessageType.MsgStorageApplyResp);

	private Messages() {
	}

	/**
	 * Whether the message never crosses the network (it is produced and consumed locally). A type this
	 * version does not know is not local, although Java reads it as {@code MsgHup}: etcd looks up its
	 * number, which lies past the table.
	 */
	static boolean isLocalMsg(Message m) {
		return LOCAL.contains(m.getType()) && unknownType(m).isEmpty();
	}

	static boolean isResponseMsg(MessageType type) {
		return RESPONSE.contains(type);
	}

	/** The number of a message type this version does not know (a newer etcd's), if {@code m} carries one. */
	static OptionalInt unknownType(Message m) {
		return UnknownEnums.number(m, Message.TYPE_FIELD_NUMBER);
	}

	static boolean isLocalMsgTarget(long id) {
		return id == RaftConstants.LOCAL_APPEND_THREAD || id == RaftConstants.LOCAL_APPLY_THREAD;
	}

	static MessageType voteRespMsgType(MessageType type) {
		return switch (type) {
			case MsgVote -> MessageType.MsgVoteResp;
			case MsgPreVote -> MessageType.MsgPreVoteResp;
			default -> throw new IllegalArgumentException("not a vote message: " + type);
		};
	}

	/** The total serialized size of the entries (etcd's {@code proto.Size} sum). */
	static long entsSize(List<Entry> ents) {
		long size = 0;
		for (Entry entry : ents) {
			size += entry.getSerializedSize();
		}
		return size;
	}

	/**
	 * The longest prefix of {@code ents} whose total size is at most {@code maxSize} (unsigned), but
	 * never fewer than one entry when there is any.
	 */
	static List<Entry> limitSize(List<Entry> ents, long maxSize) {
		if (ents.isEmpty()) {
			return ents;
		}
		long size = ents.get(0).getSerializedSize();
		for (int limit = 1; limit < ents.size(); limit++) {
			size += ents.get(limit).getSerializedSize();
			if (Long.compareUnsigned(size, maxSize) > 0) {
				return ents.subList(0, limit);
			}
		}
		return ents;
	}

	/** The size the uncommitted-entries quota charges: the payload only. */
	static long payloadSize(Entry entry) {
		return entry.getData().size();
	}

	static long payloadsSize(List<Entry> ents) {
		long size = 0;
		for (Entry entry : ents) {
			size += payloadSize(entry);
		}
		return size;
	}

}
