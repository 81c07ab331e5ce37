package org.raftboot.node;

import java.time.Duration;

import org.raftboot.raft.Config;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.Ready;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/** Storages, configurations and Ready handling shared by the Node tests. */
final class NodeFixtures {

	/** How long a test waits for something that must happen. */
	static final Duration PATIENCE = Duration.ofSeconds(5);

	/** How long a test waits for something that must not happen. */
	static final Duration BRIEFLY = Duration.ofMillis(50);

	private NodeFixtures() {
	}

	/** A storage whose (index 0) snapshot holds a configuration of the given voters. */
	static MemoryStorage storageWithVoters(long... voters) {
		MemoryStorage storage = new MemoryStorage();
		ConfState.Builder cs = ConfState.newBuilder();
		for (long voter : voters) {
			cs.addVoters(voter);
		}
		storage.applySnapshot(Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setConfState(cs).setIndex(0).setTerm(0))
			.build());
		return storage;
	}

	/** etcd's test configuration: unlimited message size, 256 inflight messages. */
	static Config config(long id, MemoryStorage storage, RaftLogger logger) {
		return new Config().setId(id)
			.setElectionTick(10)
			.setHeartbeatTick(1)
			.setStorage(storage)
			.setMaxSizePerMsg(RaftConstants.NO_LIMIT)
			.setMaxInflightMsgs(256)
			.setLogger(logger);
	}

	/** The next Ready, which must come. */
	static Ready ready(Node node) throws InterruptedException {
		Ready rd = node.pollReady(PATIENCE);
		assertThat(rd).as("a Ready within %s", PATIENCE).isNotNull();
		return rd;
	}

	/** Asserts that no Ready comes for a while. */
	static void assertNoReady(Node node) throws InterruptedException {
		assertThat(node.pollReady(BRIEFLY)).as("no Ready").isNull();
	}

	/** Persists a Ready's snapshot, entries and hard state, as a driver must before advancing. */
	static void persist(MemoryStorage storage, Ready rd) {
		if (!RawNode.isEmptySnap(rd.snapshot())) {
			storage.applySnapshot(rd.snapshot());
		}
		storage.append(rd.entries());
		if (!RawNode.isEmptyHardState(rd.hardState())) {
			storage.setHardState(rd.hardState());
		}
	}

	/** Persists the next Ready and advances. */
	static Ready persistAndAdvance(Node node, MemoryStorage storage) throws InterruptedException {
		Ready rd = ready(node);
		persist(storage, rd);
		node.advance();
		return rd;
	}

	/** Campaigns a single-voter node into leadership: persists the vote, then the empty entry. */
	static void electAlone(Node node, MemoryStorage storage) throws Exception {
		node.campaign().get();
		while (true) {
			Ready rd = persistAndAdvance(node, storage);
			if (rd.softState() != null && rd.softState().lead() == node.id()) {
				break;
			}
		}
	}

}
