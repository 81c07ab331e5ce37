package org.raftboot.raft.interaction;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Describe;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;

/**
 * Commands on a node's storage: {@code raft-log N}, {@code compact N i} and
 * {@code send-snapshot from to} (a snapshot sent outside of raft's own replication).
 */
final class StorageCommands {

	private StorageCommands() {
	}

	static @Nullable String raftLog(InteractionEnv env, TestCase tc) {
		return raftLog(env, env.node(Args.firstAsNodeIdx(tc)));
	}

	private static @Nullable String raftLog(InteractionEnv env, InteractionNode node) {
		long fi = node.storage.firstIndex();
		long li = node.storage.lastIndex();
		if (li < fi) {
			env.output.write("log is empty: first index=" + fi + ", last index=" + li);
			return null;
		}
		env.output.write(Describe.describeEntries(node.storage.entries(fi, li + 1, RaftConstants.NO_LIMIT), null));
		return null;
	}

	/** Compacts up to and including the index (as etcd's driver does, despite its naming), then prints the log. */
	static @Nullable String compact(InteractionEnv env, TestCase tc) {
		InteractionNode node = env.node(Args.firstAsNodeIdx(tc));
		try {
			node.storage.compact(Args.parseUint(tc.args().get(1).key()));
		}
		catch (StorageException ex) {
			return ex.getMessage();
		}
		return raftLog(env, node);
	}

	static @Nullable String sendSnapshot(InteractionEnv env, TestCase tc) {
		List<Integer> idxs = Args.nodeIdxs(tc);
		if (idxs.size() != 2) {
			throw new IllegalArgumentException(tc.where() + ": send-snapshot needs two nodes");
		}
		InteractionNode from = env.node(idxs.get(0));
		Snapshot snap = from.storage.snapshot();
		Message msg = Message.newBuilder()
			.setType(MessageType.MsgSnap)
			.setTerm(from.rawNode.basicStatus().term())
			.setFrom(idxs.get(0) + 1)
			.setTo(idxs.get(1) + 1)
			.setSnapshot(snap)
			.build();
		env.messages.add(msg);
		env.output.write(Describe.describeMessage(msg, null));
		// etcd discards any error of this command.
		return null;
	}

}
