package org.raftboot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.raftboot.raft.Config;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.Peer;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.pb.Message;

/**
 * The algorithm's own cost per proposal: a leader and two followers as {@link RawNode}s over
 * {@link MemoryStorage} in one thread, messages handed over directly, no IO. Each invocation
 * proposes 1 or 64 values (one {@code propose} call each, as the runtime does) and pumps
 * Ready/step/advance until all three are quiet, i.e. the proposals are committed and applied
 * everywhere. The score is per proposal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RawNodeBenchmark {

	private static final int NODES = 3;

	private static final long KEEP = 1000;

	@Param({ "128" })
	int valueSize;

	private final RawNode[] nodes = new RawNode[NODES];

	private final MemoryStorage[] storages = new MemoryStorage[NODES];

	private final long[] applied = new long[NODES];

	private byte[] value;

	@Setup(Level.Trial)
	public void elect() {
		List<Peer> peers = List.of(new Peer(1), new Peer(2), new Peer(3));
		for (int i = 0; i < NODES; i++) {
			this.storages[i] = new MemoryStorage(new DiscardRaftLogger());
			this.nodes[i] = new RawNode(new Config().setId(i + 1)
				.setElectionTick(10)
				.setHeartbeatTick(1)
				.setStorage(this.storages[i])
				.setMaxSizePerMsg(1 << 20)
				.setMaxInflightMsgs(256)
				.setLogger(new DiscardRaftLogger()));
			this.nodes[i].bootstrap(peers);
		}
		pump();
		this.nodes[0].campaign();
		pump();
		if (this.nodes[0].basicStatus().lead() != 1) {
			throw new IllegalStateException("node 1 did not become leader");
		}
		this.value = new byte[this.valueSize];
	}

	/** One proposal at a time: every proposal is its own MsgApp round. */
	@Benchmark
	public long oneProposalPerRound() {
		return proposeAndCommit(1);
	}

	/** 64 proposals stepped before the Ready: what a loaded leader sees between two Readys. */
	@Benchmark
	@OperationsPerInvocation(64)
	public long sixtyFourProposalsPerRound() {
		return proposeAndCommit(64);
	}

	private long proposeAndCommit(int proposals) {
		for (int i = 0; i < proposals; i++) {
			this.nodes[0].propose(this.value);
		}
		pump();
		if (this.applied[0] - this.storages[0].firstIndex() > 20 * KEEP) {
			for (int i = 0; i < NODES; i++) {
				this.storages[i].compact(this.applied[i] - KEEP);
			}
		}
		return this.applied[0];
	}

	/** Handles Readys (persist, deliver, apply, advance) until no node has one. */
	private void pump() {
		boolean busy = true;
		while (busy) {
			busy = false;
			for (int i = 0; i < NODES; i++) {
				RawNode node = this.nodes[i];
				if (!node.hasReady()) {
					continue;
				}
				busy = true;
				Ready rd = node.ready();
				MemoryStorage storage = this.storages[i];
				if (!RawNode.isEmptySnap(rd.snapshot())) {
					storage.applySnapshot(rd.snapshot());
				}
				storage.append(rd.entries());
				if (!RawNode.isEmptyHardState(rd.hardState())) {
					storage.setHardState(rd.hardState());
				}
				for (Message m : rd.messages()) {
					this.nodes[(int) m.getTo() - 1].step(m);
				}
				if (!rd.committedEntries().isEmpty()) {
					this.applied[i] = rd.committedEntries().get(rd.committedEntries().size() - 1).getIndex();
				}
				node.advance();
			}
		}
	}
}
