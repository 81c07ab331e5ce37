package org.raftboot.node;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.Ready;
import org.raftboot.raft.SnapshotStatus;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.tracker.ProgressState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.node.NodeFixtures.config;
import static org.raftboot.node.NodeFixtures.persist;
import static org.raftboot.node.NodeFixtures.ready;
import static org.raftboot.node.NodeFixtures.storageWithVoters;
import static org.raftboot.node.NodeProposeTests.heartbeat;

/** A leader's view of its follower (status, unreachable and snapshot reports) and forgetting a leader. */
class NodeLeaderTests {

	private final RecordingLogger logger = new RecordingLogger();

	@Test
	void theStatusOfALeaderCarriesTheProgressOfEveryPeer() throws Exception {
		MemoryStorage storage = storageWithVoters(1, 2);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			Status follower = node.status().get();
			assertThat(follower.raftState()).isEqualTo(StateType.StateFollower);
			assertThat(follower.progress()).isEmpty();

			leadWithFollower2(node, storage, 1);
			Status leader = node.status().get();
			assertThat(leader.raftState()).isEqualTo(StateType.StateLeader);
			assertThat(leader.lead()).isEqualTo(1);
			assertThat(leader.progress()).containsOnlyKeys(1L, 2L);
			assertThat(leader.progress().get(2L).state).isEqualTo(ProgressState.StateReplicate);
			assertThat(leader.progress().get(2L).match).isEqualTo(1);
		}
	}

	@Test
	void anUnreachableFollowerIsProbed() throws Exception {
		MemoryStorage storage = storageWithVoters(1, 2);
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			leadWithFollower2(node, storage, 1);
			node.reportUnreachable(2);
			assertThat(node.status().get().progress().get(2L).state).isEqualTo(ProgressState.StateProbe);
		}
	}

	@Test
	void aFollowerSentASnapshotIsProbedOnceTheSnapshotIsReported() throws Exception {
		MemoryStorage storage = new MemoryStorage();
		storage.applySnapshot(NodeStartTests.snapshot(10, 1, 1, 2));
		try (Node node = Node.restart(config(1, storage, this.logger))) {
			node.campaign().get();
			Ready rd = ready(node);
			persist(storage, rd);
			node.advance();
			node.step(message(MessageType.MsgVoteResp, 2).build()).get();
			rd = ready(node);
			persist(storage, rd);
			node.advance();
			// Follower 2 has nothing: the leader must fall back to a snapshot of its compacted log.
			node.step(message(MessageType.MsgAppResp, 2).setIndex(10).setReject(true).setRejectHint(0).build()).get();
			assertThat(ready(node).messages()).extracting(Message::getType).contains(MessageType.MsgSnap);
			assertThat(node.status().get().progress().get(2L).state).isEqualTo(ProgressState.StateSnapshot);

			node.reportSnapshot(2, SnapshotStatus.SnapshotFinish);
			assertThat(node.status().get().progress().get(2L).state).isEqualTo(ProgressState.StateProbe);
		}
	}

	@Test
	void aFollowerForgetsItsLeaderOnRequest() throws Exception {
		try (Node node = Node.restart(config(1, storageWithVoters(1, 2, 3), this.logger))) {
			node.step(heartbeat(2, 2)).get();
			assertThat(node.status().get().lead()).isEqualTo(2);
			node.forgetLeader().get();
			assertThat(node.status().get().lead()).isEqualTo(RaftConstants.NONE);
			assertThat(this.logger.lines()).contains("INFO raft.node: 1 lost leader 2 at term 2");
		}
	}

	/** Campaigns with follower 2 voting, then 2 acknowledges the leader's empty entry at the given index. */
	private static void leadWithFollower2(Node node, MemoryStorage storage, long emptyEntryIndex) throws Exception {
		node.campaign().get();
		Ready rd = ready(node);
		persist(storage, rd);
		node.advance();
		node.step(message(MessageType.MsgVoteResp, 2).build()).get();
		rd = ready(node);
		persist(storage, rd);
		node.advance();
		node.step(message(MessageType.MsgAppResp, 2).setIndex(emptyEntryIndex).build()).get();
	}

	private static Message.Builder message(MessageType type, long from) {
		return Message.newBuilder().setType(type).setFrom(from).setTo(1).setTerm(1);
	}

}
