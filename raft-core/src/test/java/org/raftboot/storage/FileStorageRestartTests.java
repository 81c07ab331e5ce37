package org.raftboot.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.BasicStatus;
import org.raftboot.raft.Config;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A three-node RawNode cluster persisting through FileStorage: stopped and reopened, every node
 * comes back with the same term, vote, commit and entries, and the cluster carries on.
 */
class FileStorageRestartTests {

	private static final long[] IDS = { 1, 2, 3 };

	@TempDir
	Path tmp;

	private final Map<Long, FileStorage> storages = new TreeMap<>();

	private final Map<Long, RawNode> nodes = new TreeMap<>();

	private final Map<Long, List<String>> applied = new TreeMap<>();

	private final Deque<Message> inFlight = new ArrayDeque<>();

	@Test
	void aStoppedClusterRestartsWithTheSameTermVoteCommitAndEntriesAndCarriesOn() {
		start();
		for (long id : IDS) {
			this.storages.get(id).applySnapshot(Snapshot.newBuilder()
				.setMetadata(SnapshotMetadata.newBuilder().setConfState(ConfState.newBuilder().addVoters(1).addVoters(2)
					.addVoters(3)).setIndex(0).setTerm(0))
				.build());
		}
		createNodes();
		this.nodes.get(1L).campaign();
		stabilize();
		for (int k = 0; k < 20; k++) {
			this.nodes.get(1L).propose(("before " + k).getBytes(StandardCharsets.UTF_8));
			stabilize();
		}
		Map<Long, BasicStatus> before = new TreeMap<>();
		Map<Long, List<Entry>> logs = new TreeMap<>();
		this.nodes.forEach((id, node) -> before.put(id, node.basicStatus()));
		this.storages.forEach((id, storage) -> logs.put(id, log(storage)));
		assertThat(before.get(1L).raftState()).isEqualTo(StateType.StateLeader);
		assertThat(logs.get(1L)).hasSize(21);

		stop();
		start();
		createNodes();

		for (long id : IDS) {
			BasicStatus after = this.nodes.get(id).basicStatus();
			HardState hs = this.storages.get(id).initialState().hardState();
			assertThat(hs.getTerm()).isEqualTo(after.term()).isEqualTo(before.get(id).term());
			assertThat(hs.getVote()).isEqualTo(after.vote()).isEqualTo(before.get(id).vote());
			assertThat(hs.getCommit()).isEqualTo(after.commit()).isEqualTo(before.get(id).commit()).isEqualTo(21);
			assertThat(log(this.storages.get(id))).isEqualTo(logs.get(id));
			assertThat(after.raftState()).isEqualTo(StateType.StateFollower);
		}
		this.nodes.get(2L).campaign();
		stabilize();
		this.nodes.get(2L).propose("after".getBytes(StandardCharsets.UTF_8));
		stabilize();
		for (long id : IDS) {
			BasicStatus status = this.nodes.get(id).basicStatus();
			assertThat(status.term()).isEqualTo(before.get(id).term() + 1);
			assertThat(status.commit()).isEqualTo(23);
			assertThat(this.applied.get(id)).endsWith("after");
			assertThat(log(this.storages.get(id)).subList(0, 21)).isEqualTo(logs.get(1L));
		}
		stop();
	}

	private void start() {
		for (long id : IDS) {
			this.storages.put(id, FileStorage.open(FileStorageOptions.builder(this.tmp.resolve("node-" + id))
				.segmentSize(4096)
				.fsync(false)
				.build()));
			this.applied.put(id, new ArrayList<>());
		}
	}

	private void createNodes() {
		for (long id : IDS) {
			FileStorage storage = this.storages.get(id);
			Config config = new Config().setId(id)
				.setElectionTick(10)
				.setHeartbeatTick(1)
				.setStorage(storage)
				.setApplied(storage.initialState().hardState().getCommit())
				.setMaxSizePerMsg(RaftConstants.NO_LIMIT)
				.setMaxInflightMsgs(256)
				.setLogger(new DiscardRaftLogger())
				.setRandom(new SplittableRandom(id));
			this.nodes.put(id, new RawNode(config));
		}
	}

	private void stop() {
		this.nodes.clear();
		this.inFlight.clear();
		this.storages.values().forEach(FileStorage::close);
		this.storages.clear();
	}

	/** Runs every node's Ready loop and delivers messages until nothing is left to do. */
	private void stabilize() {
		boolean busy = true;
		while (busy) {
			busy = false;
			for (Map.Entry<Long, RawNode> node : this.nodes.entrySet()) {
				while (node.getValue().hasReady()) {
					handleReady(node.getKey(), node.getValue());
					busy = true;
				}
			}
			while (!this.inFlight.isEmpty()) {
				Message m = this.inFlight.poll();
				this.nodes.get(m.getTo()).step(m);
				busy = true;
			}
		}
	}

	private void handleReady(long id, RawNode node) {
		Ready rd = node.ready();
		this.storages.get(id).save(rd.hardState(), rd.entries(), rd.snapshot());
		this.inFlight.addAll(rd.messages());
		for (Entry entry : rd.committedEntries()) {
			if (!entry.getData().isEmpty()) {
				this.applied.get(id).add(entry.getData().toStringUtf8());
			}
		}
		node.advance();
	}

	private static List<Entry> log(FileStorage storage) {
		return storage.entries(storage.firstIndex(), storage.lastIndex() + 1, RaftConstants.NO_LIMIT);
	}

}
