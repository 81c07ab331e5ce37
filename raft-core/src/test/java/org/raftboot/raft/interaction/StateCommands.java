package org.raftboot.raft.interaction;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Status;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.tracker.ProgressMap;

/** {@code raft-state} (every node's role, term and leader) and {@code status N} (a leader's progress map). */
final class StateCommands {

	private StateCommands() {
	}

	static @Nullable String raftState(InteractionEnv env, TestCase tc) {
		for (InteractionNode node : env.nodes) {
			Status st = node.rawNode.status();
			String voter = st.config().voters.ids().contains(st.id()) ? "(Voter)" : "(Non-Voter)";
			env.output.write(st.id() + ": " + st.raftState() + " " + voter + " Term:" + st.term() + " Lead:"
					+ st.lead() + "\n");
		}
		return null;
	}

	static @Nullable String status(InteractionEnv env, TestCase tc) {
		Status st = env.node(Args.firstAsNodeIdx(tc)).rawNode.status();
		ProgressMap progress = new ProgressMap();
		st.progress().forEach(progress::put);
		env.output.write(progress.toString());
		return null;
	}

}
