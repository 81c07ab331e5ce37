package org.raftboot.raft.interaction;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Describe;
import org.raftboot.raft.Ready;
import org.raftboot.raft.datadriven.CmdArg;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * {@code process-ready N...} (handle one Ready per node) and {@code stabilize [N...]} (handle
 * Readies, deliver messages and run storage work until nothing changes).
 */
final class ReadyCommands {

	private ReadyCommands() {
	}

	static @Nullable String processReady(InteractionEnv env, TestCase tc) {
		List<Integer> idxs = Args.nodeIdxs(tc);
		for (int idx : idxs) {
			String err;
			if (idxs.size() > 1) {
				env.output.write("> " + (idx + 1) + " handling Ready\n");
				err = env.withIndent(() -> processReady(env, idx));
			}
			else {
				err = processReady(env, idx);
			}
			if (err != null) {
				return err;
			}
		}
		return null;
	}

	/**
	 * Takes the node's Ready and prints it. Without async storage writes, also persists, applies,
	 * sends and advances; with them, queues the local storage messages as the node's work.
	 */
	static @Nullable String processReady(InteractionEnv env, int idx) {
		InteractionNode node = env.node(idx);
		Ready rd = node.rawNode.ready();
		env.output.write(Describe.describeReady(rd, null));
		boolean async = node.config.isAsyncStorageWrites();
		if (!async) {
			String err = Persistence.processAppend(node, rd.hardState(), rd.entries(), rd.snapshot());
			if (err == null) {
				err = Persistence.processApply(node, rd.committedEntries());
			}
			if (err != null) {
				return err;
			}
		}
		for (Message m : rd.messages()) {
			if (DeliverMsgsCommand.isLocalTarget(m.getTo())) {
				if (!async) {
					throw new IllegalStateException("unexpected local msg target");
				}
				if (m.getType() == MessageType.MsgStorageAppend) {
					node.appendWork.add(m);
				}
				else if (m.getType() == MessageType.MsgStorageApply) {
					node.applyWork.add(m);
				}
				else {
					throw new IllegalStateException("unexpected message type " + m.getType());
				}
			}
			else {
				env.messages.add(m);
			}
		}
		if (!async) {
			node.rawNode.advance();
		}
		return null;
	}

	static @Nullable String stabilize(InteractionEnv env, TestCase tc) {
		int previousLevel = env.output.level;
		try {
			for (CmdArg arg : tc.args()) {
				for (String val : arg.vals()) {
					if (arg.key().equals("log-level")) {
						String err = env.logLevel(val);
						if (err != null) {
							return err;
						}
					}
				}
			}
			List<Integer> idxs = Args.nodeIdxs(tc);
			List<InteractionNode> nodes = new ArrayList<>();
			if (idxs.isEmpty()) {
				nodes.addAll(env.nodes);
			}
			else {
				idxs.forEach((idx) -> nodes.add(env.node(idx)));
			}
			return stabilize(env, nodes);
		}
		finally {
			env.output.level = previousLevel;
		}
	}

	private static @Nullable String stabilize(InteractionEnv env, List<InteractionNode> nodes) {
		while (true) {
			boolean done = true;
			for (InteractionNode node : nodes) {
				if (node.rawNode.hasReady()) {
					int idx = (int) (node.id - 1);
					env.output.write("> " + node.id + " handling Ready\n");
					String err = env.withIndent(() -> processReady(env, idx));
					if (err != null) {
						return err;
					}
					done = false;
				}
			}
			for (InteractionNode node : nodes) {
				if (env.messages.stream().anyMatch((m) -> m.getTo() == node.id)) {
					env.output.write("> " + node.id + " receiving messages\n");
					env.withIndent(() -> {
						DeliverMsgsCommand.deliverMsgs(env, null, List.of(new Recipient(node.id, false)));
						return null;
					});
					done = false;
				}
			}
			for (InteractionNode node : nodes) {
				if (!node.appendWork.isEmpty()) {
					env.output.write("> " + node.id + " processing append thread\n");
					while (!node.appendWork.isEmpty()) {
						String err = env.withIndent(() -> StorageThreadCommands.processAppendThread(env, node));
						if (err != null) {
							return err;
						}
					}
					done = false;
				}
			}
			for (InteractionNode node : nodes) {
				if (!node.applyWork.isEmpty()) {
					env.output.write("> " + node.id + " processing apply thread\n");
					while (!node.applyWork.isEmpty()) {
						// As etcd, apply errors do not stop stabilization.
						env.withIndent(() -> StorageThreadCommands.processApplyThread(env, node));
					}
					done = false;
				}
			}
			if (done) {
				return null;
			}
		}
	}

}
