package org.raftboot.spring.autoconfigure;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Properties of a fast single-node replica for context-runner tests: fsync off, 10 ms ticks, a free port. */
public final class TestReplicas {

	private TestReplicas() {
	}

	public static String[] singleNode(Path dir) {
		return new String[] { "raft.node-id=1", "raft.storage.dir=" + dir, "raft.storage.fsync=false",
				"raft.tick-interval=10ms", "raft.transport.bind-address=127.0.0.1", "raft.transport.port=0" };
	}

	/** A context runner of {@code autoConfigurations} (RaftAutoConfiguration first) for a single-node replica in {@code dir}. */
	public static ApplicationContextRunner runner(Path dir, Class<?>... autoConfigurations) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(autoConfigurations))
			.withPropertyValues(singleNode(dir));
	}

}
