package org.raftboot.raft.interaction;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RaftException;
import org.raftboot.raft.RaftTestHooks;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.datadriven.TestCase;

/**
 * Commands that drive one node's {@link RawNode} API: campaign, propose, ticks, leadership
 * transfer, forget-leader, report-unreachable and pinning the election timeout.
 */
final class NodeCommands {

	private NodeCommands() {
	}

	private static RawNode rawNode(InteractionEnv env, TestCase tc) {
		return env.node(Args.firstAsNodeIdx(tc)).rawNode;
	}

	/** Runs a RawNode call whose error etcd's driver prints. */
	private static @Nullable String orError(Runnable call) {
		try {
			call.run();
			return null;
		}
		catch (RaftException ex) {
			return ex.getMessage();
		}
	}

	static @Nullable String campaign(InteractionEnv env, TestCase tc) {
		return orError(rawNode(env, tc)::campaign);
	}

	static @Nullable String propose(InteractionEnv env, TestCase tc) {
		if (tc.args().size() != 2 || !tc.args().get(1).vals().isEmpty()) {
			throw new IllegalArgumentException(tc.where() + ": expected exactly one key with no vals");
		}
		byte[] data = tc.args().get(1).key().getBytes(StandardCharsets.UTF_8);
		return orError(() -> rawNode(env, tc).propose(data));
	}

	static @Nullable String tickElection(InteractionEnv env, TestCase tc) {
		InteractionNode node = env.node(Args.firstAsNodeIdx(tc));
		return tick(node, node.config.getElectionTick());
	}

	static @Nullable String tickHeartbeat(InteractionEnv env, TestCase tc) {
		InteractionNode node = env.node(Args.firstAsNodeIdx(tc));
		return tick(node, node.config.getHeartbeatTick());
	}

	private static @Nullable String tick(InteractionNode node, int times) {
		for (int i = 0; i < times; i++) {
			node.rawNode.tick();
		}
		return null;
	}

	static @Nullable String transferLeadership(InteractionEnv env, TestCase tc) {
		long from = Args.parseUint(Args.value(tc, "from"));
		long to = Args.parseUint(Args.value(tc, "to"));
		if (from == 0 || from > env.nodes.size() || to == 0 || to > env.nodes.size()) {
			throw new IllegalArgumentException(tc.where() + ": expected valid \"from\" and \"to\" arguments");
		}
		env.node((int) (from - 1)).rawNode.transferLeader(to);
		return null;
	}

	static @Nullable String forgetLeader(InteractionEnv env, TestCase tc) {
		// etcd's driver ignores the error.
		orError(rawNode(env, tc)::forgetLeader);
		return null;
	}

	static @Nullable String reportUnreachable(InteractionEnv env, TestCase tc) {
		List<Integer> idxs = Args.nodeIdxs(tc);
		if (idxs.size() != 2) {
			return "must specify exactly two node indexes: node on which to report, and reported node";
		}
		env.node(idxs.get(0)).rawNode.reportUnreachable(env.node(idxs.get(1)).id);
		return null;
	}

	static @Nullable String setRandomizedElectionTimeout(InteractionEnv env, TestCase tc) {
		int timeout = Integer.parseInt(Args.value(tc, "timeout"));
		if (timeout == 0) {
			throw new IllegalArgumentException(tc.where() + ": timeout must not be zero");
		}
		RaftTestHooks.setRandomizedElectionTimeout(rawNode(env, tc), timeout);
		return null;
	}

}
