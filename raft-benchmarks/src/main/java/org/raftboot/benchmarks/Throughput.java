package org.raftboot.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Secondary results: entries and payload bytes per second, beside the messages per second JMH reports. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {

	public long entries;

	public long bytes;

	@Setup(Level.Iteration)
	public void reset() {
		this.entries = 0;
		this.bytes = 0;
	}
}
