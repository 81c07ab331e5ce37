package org.raftboot.raft.confchange;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.raftboot.raft.datadriven.DataDrivenRunner;

/** etcd raft's {@code confchange/testdata} vectors, one test per file. */
class ConfChangeConformanceTests {

	@TestFactory
	Stream<DynamicTest> confChangeVectors() {
		return DataDrivenRunner.conformanceTests("confchange/testdata", () -> new ConfChangeDriver()::handle);
	}

}
