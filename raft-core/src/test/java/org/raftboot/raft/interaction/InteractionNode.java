package org.raftboot.raft.interaction;

import java.util.ArrayDeque;
import java.util.Deque;

import org.raftboot.raft.Config;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.pb.Message;

/**
 * One node of the environment: the raft node, its storage and configuration, and (with async
 * storage writes) the storage work it handed out and that the driver performs on command.
 */
final class InteractionNode {

	final long id;

	final RawNode rawNode;

	final HistoryStorage storage;

	final Config config;

	/** Pending {@code MsgStorageAppend} messages. */
	final Deque<Message> appendWork = new ArrayDeque<>();

	/** Pending {@code MsgStorageApply} messages. */
	final Deque<Message> applyWork = new ArrayDeque<>();

	InteractionNode(long id, RawNode rawNode, HistoryStorage storage, Config config) {
		this.id = id;
		this.rawNode = rawNode;
		this.storage = storage;
		this.config = config;
	}

}
