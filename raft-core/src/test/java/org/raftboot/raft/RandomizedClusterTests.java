package org.raftboot.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import com.google.protobuf.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raft's safety properties under a hostile network, checked after every step of seeded random
 * runs: RawNodes tick at random, messages are dropped, duplicated, delayed, reordered and
 * partitioned, logs are compacted (so snapshots travel). Checked: at most one leader per term,
 * committed prefixes never diverge, and what is committed stays committed. A failure names its
 * seed, so it can be replayed.
 */
class RandomizedClusterTests {

	private static final int STEPS = 2500;

	@ParameterizedTest(name = "{0} nodes, seeds from {1}")
	@CsvSource({ "3, 1000", "5, 2000" })
	void safetyHoldsUnderDropsDuplicatesDelaysReorderingAndPartitions(int size, long firstSeed) {
		for (long seed = firstSeed; seed < firstSeed + 6; seed++) {
			try {
				new Run(size, seed).run();
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError("randomized cluster run failed with seed " + seed + " (" + size + " nodes)", ex);
			}
		}
	}

	/** One simulated run. */
	private static final class Run {

		private final SplittableRandom random;

		private final int size;

		private final Map<Long, RawNode> nodes = new HashMap<>();

		private final Map<Long, MemoryStorage> storages = new HashMap<>();

		/** Messages in flight, delivered in random order. */
		private final List<Message> network = new ArrayList<>();

		/** Nodes on the minority side of the current partition, if any. */
		private Set<Long> partitioned = new HashSet<>();

		/** The leader seen for each term. */
		private final Map<Long, Long> leaders = new HashMap<>();

		/** Every entry ever seen committed, by index: (term, data) must never change. */
		private final Map<Long, Entry> committed = new HashMap<>();

		/** The highest commit index each node reported; it never moves back. */
		private final Map<Long, Long> commitIndexes = new HashMap<>();

		private int proposals;

		Run(int size, long seed) {
			this.random = new SplittableRandom(seed);
			this.size = size;
			boolean preVote = this.random.nextBoolean();
			boolean checkQuorum = this.random.nextBoolean();
			long[] ids = new long[size];
			for (int i = 0; i < size; i++) {
				ids[i] = i + 1;
			}
			for (long id : ids) {
				MemoryStorage storage = TestNetwork.storageWithVoters(ids);
				Config c = TestNetwork.config(id, 10, 1, storage)
					.setPreVote(preVote)
					.setCheckQuorum(checkQuorum)
					.setMaxInflightMsgs(4)
					.setMaxSizePerMsg(64)
					.setRandom(new SplittableRandom(seed * 31 + id));
				this.nodes.put(id, new RawNode(c));
				this.storages.put(id, storage);
				this.commitIndexes.put(id, 0L);
			}
		}

		void run() {
			for (int step = 0; step < STEPS; step++) {
				act();
				check();
			}
			// The run must have exercised something: elections and commits.
			assertThat(this.leaders).as("leaders per term").isNotEmpty();
			assertThat(this.committed.size()).as("committed entries").isGreaterThan(5);
		}

		private long randomNode() {
			return 1 + this.random.nextInt(this.size);
		}

		private void act() {
			int dice = this.random.nextInt(100);
			if (dice < 12) {
				this.nodes.get(randomNode()).tick();
			}
			else if (dice < 65) {
				deliver();
			}
			else if (dice < 90) {
				long id = randomNode();
				if (this.nodes.get(id).hasReady()) {
					handleReady(id);
				}
			}
			else if (dice < 97) {
				propose(randomNode());
			}
			else if (dice < 98) {
				repartition();
			}
			else {
				compact(randomNode());
			}
		}

		private void deliver() {
			if (this.network.isEmpty()) {
				return;
			}
			int i = this.random.nextInt(this.network.size());
			Message m = this.network.get(i);
			int fate = this.random.nextInt(100);
			if (fate < 5) {
				// duplicate: deliver now, keep a copy in flight
			}
			else {
				this.network.remove(i);
			}
			if (fate >= 5 && fate < 15) {
				// dropped
				return;
			}
			if (this.partitioned.contains(m.getFrom()) != this.partitioned.contains(m.getTo())) {
				return;
			}
			try {
				this.nodes.get(m.getTo()).step(m);
			}
			catch (ProposalDroppedException ex) {
				// a forwarded proposal reached a node that cannot take it
			}
		}

		private void handleReady(long id) {
			RawNode rn = this.nodes.get(id);
			MemoryStorage storage = this.storages.get(id);
			Ready rd = rn.ready();
			if (!RawNode.isEmptySnap(rd.snapshot())) {
				Snapshot snap = rd.snapshot();
				Entry known = this.committed.get(snap.getMetadata().getIndex());
				if (known != null) {
					assertThat(snap.getMetadata().getTerm()).as("snapshot term at %d", snap.getMetadata().getIndex())
						.isEqualTo(known.getTerm());
				}
				storage.applySnapshot(snap);
			}
			if (!RawNode.isEmptyHardState(rd.hardState())) {
				storage.setHardState(rd.hardState());
			}
			storage.append(rd.entries());
			this.network.addAll(rd.messages());
			for (Entry e : rd.committedEntries()) {
				recordCommitted(id, e);
			}
			rn.advance();
		}

		private void recordCommitted(long id, Entry e) {
			Entry known = this.committed.putIfAbsent(e.getIndex(), e);
			if (known != null) {
				assertThat(e).as("entry %d applied by node %d", e.getIndex(), id).isEqualTo(known);
			}
		}

		private void propose(long id) {
			try {
				this.nodes.get(id).propose(("p" + (this.proposals++)).getBytes());
			}
			catch (ProposalDroppedException ex) {
				// no leader known, or a transfer is in progress
			}
		}

		private void repartition() {
			this.partitioned = new HashSet<>();
			if (this.random.nextBoolean()) {
				int minority = (this.size - 1) / 2;
				int count = 1 + this.random.nextInt(minority);
				while (this.partitioned.size() < count) {
					this.partitioned.add(randomNode());
				}
			}
		}

		private void compact(long id) {
			RawNode rn = this.nodes.get(id);
			MemoryStorage storage = this.storages.get(id);
			long applied = rn.basicStatus().applied();
			if (applied <= storage.firstIndex() + 5 || applied > storage.lastIndex()) {
				return;
			}
			ConfState cs = rn.raft.trk.confState();
			storage.createSnapshot(applied, cs, ByteString.EMPTY);
			storage.compact(applied - 2);
		}

		private void check() {
			for (Map.Entry<Long, RawNode> e : this.nodes.entrySet()) {
				long id = e.getKey();
				BasicStatus status = e.getValue().basicStatus();
				if (status.raftState() == StateType.StateLeader) {
					Long previous = this.leaders.putIfAbsent(status.term(), id);
					assertThat(previous == null || previous == id)
						.as("two leaders in term %d: %d and %d", status.term(), previous, id)
						.isTrue();
				}
				long commit = status.commit();
				assertThat(commit).as("commit index of node %d", id).isGreaterThanOrEqualTo(this.commitIndexes.get(id));
				this.commitIndexes.put(id, commit);
				checkCommittedStayCommitted(id, e.getValue(), commit);
			}
		}

		/** The node's log up to its commit index agrees with everything seen committed. */
		private void checkCommittedStayCommitted(long id, RawNode rn, long commit) {
			RaftLog log = rn.raft.raftLog;
			long from = Math.max(log.firstIndex(), commit - 8);
			for (long i = from; i <= commit; i++) {
				Entry known = this.committed.get(i);
				if (known != null) {
					assertThat(log.term(i)).as("term of committed entry %d on node %d", i, id)
						.isEqualTo(known.getTerm());
				}
			}
		}

	}

}
