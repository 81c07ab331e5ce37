package org.raftboot.raft.interaction;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.raftboot.raft.datadriven.DataDrivenRunner;

/** etcd raft's interaction vectors ({@code testdata/*.txt}), one test per file, byte for byte. */
class InteractionTests {

	@TestFactory
	Stream<DynamicTest> interactionFilesProduceEtcdsTranscripts() {
		return DataDrivenRunner.conformanceTests("testdata", () -> new InteractionEnv()::handle);
	}

}
