package org.raftboot.raft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.tracker.TrackerConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raft's safety properties under a hostile network, checked after every step of seeded random
 * runs: RawNodes tick at random, messages are dropped, duplicated, delayed, reordered and
 * partitioned, logs are compacted (so snapshots travel), voters are demoted and learners
 * promoted (simply or through joint configurations), leadership is transferred and leaders
 * forgotten. Checked after every step: at most one leader per term, each node's whole log up to
 * its commit index agrees with every entry seen committed (prefixes never diverge), commit indexes
 * never move back, a leader of the newest term holds every committed entry (so what is committed
 * stays committed), and a (safe) read is never served below a commit index known when it was
 * requested. A failure names its seed, so it can be replayed.
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

		/** Read requests by context, with the highest commit index known when they were made. */
		private final Map<String, Long> reads = new HashMap<>();

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
			else if (dice < 95) {
				propose(randomNode());
			}
			else if (dice < 96) {
				proposeConfChange(randomNode());
			}
			else if (dice < 97) {
				readIndex(randomNode());
			}
			else if (dice < 98) {
				repartition();
			}
			else if (dice < 99) {
				compact(randomNode());
			}
			else if (this.random.nextBoolean()) {
				this.nodes.get(randomNode()).transferLeader(randomNode());
			}
			else {
				this.nodes.get(randomNode()).forgetLeader();
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
				applyConfChange(rn, e);
			}
			for (ReadState rs : rd.readStates()) {
				long known = this.reads.get(new String(rs.requestCtx()));
				assertThat(rs.index()).as("read index of %s on node %d", new String(rs.requestCtx()), id)
					.isGreaterThanOrEqualTo(known);
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

		/**
		 * Proposes to demote a voter (while a majority of the nodes stay voters) or to promote a
		 * learner, as a simple change or through an implicitly left joint configuration.
		 */
		private void proposeConfChange(long id) {
			RawNode rn = this.nodes.get(id);
			long target = randomNode();
			TrackerConfig config = rn.raft.trk.config;
			ConfChangeType type;
			if (config.learners.contains(target)) {
				type = ConfChangeType.ConfChangeAddNode;
			}
			else if (config.voters.incoming().size() > this.size / 2 + 1) {
				type = ConfChangeType.ConfChangeAddLearnerNode;
			}
			else {
				return;
			}
			ConfChangeSingle change = ConfChangeSingle.newBuilder().setType(type).setNodeId(target).build();
			ConfChangeTransition transition = this.random.nextBoolean() ? ConfChangeTransition.ConfChangeTransitionAuto
					: ConfChangeTransition.ConfChangeTransitionJointImplicit;
			try {
				rn.proposeConfChange(ConfChangeV2.newBuilder().setTransition(transition).addChanges(change).build());
			}
			catch (ProposalDroppedException ex) {
				// no leader known
			}
		}

		private static void applyConfChange(RawNode rn, Entry e) {
			try {
				if (e.getType() == EntryType.EntryConfChangeV2) {
					rn.applyConfChange(ConfChangeV2.parseFrom(e.getData()));
				}
			}
			catch (InvalidProtocolBufferException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Requests a read, remembering the highest commit index any node knows right now. */
		private void readIndex(long id) {
			long known = this.commitIndexes.values().stream().mapToLong(Long::longValue).max().orElse(0);
			String ctx = "r" + this.reads.size();
			this.reads.put(ctx, known);
			this.nodes.get(id).readIndex(ctx.getBytes());
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
			long maxTerm = 0;
			for (RawNode rn : this.nodes.values()) {
				maxTerm = Math.max(maxTerm, rn.basicStatus().term());
			}
			for (Map.Entry<Long, RawNode> e : this.nodes.entrySet()) {
				long id = e.getKey();
				BasicStatus status = e.getValue().basicStatus();
				if (status.raftState() == StateType.StateLeader) {
					Long previous = this.leaders.putIfAbsent(status.term(), id);
					if (previous != null && previous != id) {
						throw new AssertionError("two leaders in term " + status.term() + ": " + previous + " and " + id);
					}
					if (status.term() == maxTerm) {
						checkLeaderHoldsEveryCommittedEntry(id, e.getValue());
					}
				}
				long commit = status.commit();
				if (commit < this.commitIndexes.get(id)) {
					throw new AssertionError("commit index of node " + id + " went back from "
							+ this.commitIndexes.get(id) + " to " + commit);
				}
				this.commitIndexes.put(id, commit);
				checkCommittedPrefix(id, e.getValue().raft.raftLog, commit);
			}
		}

		/** The node's whole log up to its commit index agrees with every entry seen committed. */
		private void checkCommittedPrefix(long id, RaftLog log, long commit) {
			for (long i = log.firstIndex(); i <= commit; i++) {
				checkCommittedTerm(id, log, i);
			}
		}

		/**
		 * A leader of the newest term holds every entry committed so far (leader completeness), so
		 * what was committed stays committed: no term can commit past a leader that lacks it.
		 */
		private void checkLeaderHoldsEveryCommittedEntry(long id, RawNode leader) {
			if (this.committed.isEmpty()) {
				return;
			}
			RaftLog log = leader.raft.raftLog;
			long highest = Collections.max(this.committed.keySet());
			if (log.lastIndex() < highest) {
				throw new AssertionError("leader " + id + " ends at " + log.lastIndex() + " before committed entry "
						+ highest);
			}
			for (long i = log.firstIndex(); i <= highest; i++) {
				checkCommittedTerm(id, log, i);
			}
		}

		private void checkCommittedTerm(long id, RaftLog log, long i) {
			Entry known = this.committed.get(i);
			if (known != null && log.term(i) != known.getTerm()) {
				throw new AssertionError("node " + id + " has term " + log.term(i) + " at " + i
						+ " where term " + known.getTerm() + " was committed");
			}
		}

	}

}
