package org.raftboot.raft.quorum;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.raftboot.raft.datadriven.DataDrivenRunner;

/** etcd raft's {@code quorum/testdata} vectors, one test per file. */
class QuorumConformanceTests {

	@TestFactory
	Stream<DynamicTest> quorumVectors() {
		return DataDrivenRunner.conformanceTests("quorum/testdata", () -> new QuorumDriver()::handle);
	}

}
