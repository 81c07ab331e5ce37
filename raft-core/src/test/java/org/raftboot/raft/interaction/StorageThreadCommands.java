package org.raftboot.raft.interaction;

import java.util.List;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Describe;
import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;

/**
 * {@code process-append-thread N...} and {@code process-apply-thread N...}: perform one unit of a
 * node's asynchronous storage work and release the responses it carries.
 */
final class StorageThreadCommands {

	private StorageThreadCommands() {
	}

	static @Nullable String processAppendThread(InteractionEnv env, TestCase tc) {
		return forEachNode(env, tc, "append", StorageThreadCommands::processAppendThread);
	}

	static @Nullable String processApplyThread(InteractionEnv env, TestCase tc) {
		return forEachNode(env, tc, "apply", StorageThreadCommands::processApplyThread);
	}

	private static @Nullable String forEachNode(InteractionEnv env, TestCase tc, String thread,
			BiFunction<InteractionEnv, InteractionNode, @Nullable String> work) {
		List<Integer> idxs = Args.nodeIdxs(tc);
		for (int idx : idxs) {
			InteractionNode node = env.node(idx);
			String err;
			if (idxs.size() > 1) {
				env.output.write("> " + node.id + " processing " + thread + " thread\n");
				err = env.withIndent(() -> work.apply(env, node));
			}
			else {
				err = work.apply(env, node);
			}
			if (err != null) {
				return err;
			}
		}
		return null;
	}

	static @Nullable String processAppendThread(InteractionEnv env, InteractionNode node) {
		Message m = node.appendWork.poll();
		if (m == null) {
			env.output.write("no append work to perform");
			return null;
		}
		Message work = describeWork(env, m);
		HardState hs = HardState.newBuilder()
			.setTerm(work.getTerm())
			.setVote(work.getVote())
			.setCommit(work.getCommit())
			.build();
		String err = Persistence.processAppend(node, hs, work.getEntriesList(), work.getSnapshot());
		if (err != null) {
			return err;
		}
		releaseResponses(env, m);
		return null;
	}

	static @Nullable String processApplyThread(InteractionEnv env, InteractionNode node) {
		Message m = node.applyWork.poll();
		if (m == null) {
			env.output.write("no apply work to perform");
			return null;
		}
		Message work = describeWork(env, m);
		String err = Persistence.processApply(node, work.getEntriesList());
		if (err != null) {
			return err;
		}
		releaseResponses(env, m);
		return null;
	}

	/** Prints the work item without its responses and returns it so. */
	private static Message describeWork(InteractionEnv env, Message m) {
		Message work = m.toBuilder().clearResponses().build();
		env.output.write("Processing:\n" + Describe.describeMessage(work, null) + "\n");
		return work;
	}

	private static void releaseResponses(InteractionEnv env, Message m) {
		env.output.write("Responses:\n");
		for (Message resp : m.getResponsesList()) {
			env.output.write(Describe.describeMessage(resp, null) + "\n");
		}
		env.messages.addAll(m.getResponsesList());
	}

}
