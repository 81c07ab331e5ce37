package org.raftboot.raft.interaction;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.datadriven.TestCase;

/** One directive of the interaction vectors. */
@FunctionalInterface
interface Command {

	/**
	 * Runs the directive, writing its output to the environment.
	 * @return an error text to append to the output (etcd's returned error), or null
	 */
	@Nullable String run(InteractionEnv env, TestCase tc);

}
