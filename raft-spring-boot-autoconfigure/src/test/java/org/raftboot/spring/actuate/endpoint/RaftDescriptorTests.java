package org.raftboot.spring.actuate.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.BasicStatus;
import org.raftboot.raft.SoftState;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.quorum.JointConfig;
import org.raftboot.raft.quorum.MajorityConfig;
import org.raftboot.raft.tracker.Inflights;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressState;
import org.raftboot.raft.tracker.TrackerConfig;
import org.raftboot.server.PeerLink;
import org.raftboot.server.ServerStatus;
import org.raftboot.transport.ConnectionState;
import org.raftboot.transport.SnapshotProgress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RaftDescriptorTests {

	@Test
	void aLeaderInAJointConfigurationShowsEveryFieldTheEndpointPromises() {
		RaftDescriptor raft = RaftDescriptor.of(leaderStatus());
		assertThat(raft.id()).isEqualTo(2);
		assertThat(raft.term()).isEqualTo(5);
		assertThat(raft.vote()).isEqualTo(2);
		assertThat(raft.commit()).isEqualTo(40);
		assertThat(raft.applied()).isEqualTo(39);
		assertThat(raft.snapshot()).isEqualTo(30);
		assertThat(raft.leader()).isEqualTo(2);
		assertThat(raft.state()).isEqualTo("StateLeader");
		assertThat(raft.leadTransferee()).isEqualTo(3);
		assertThat(raft.configuration()).isEqualTo(new RaftDescriptor.ConfigurationDescriptor(List.of(1L, 2L, 3L),
				List.of(4L), List.of(1L, 2L), List.of(5L), true));
		assertThat(raft.progress()).containsOnlyKeys(1L, 2L, 3L);
		assertThat(raft.progress().get(1L))
			.isEqualTo(new RaftDescriptor.ProgressDescriptor(40, 41, "StateReplicate", false, 0, true, false, 2));
		assertThat(raft.progress().get(3L))
			.isEqualTo(new RaftDescriptor.ProgressDescriptor(10, 31, "StateSnapshot", true, 30, false, false, 0));
		assertThat(raft.peers().get(1L)).isEqualTo(new RaftDescriptor.PeerDescriptor("CONNECTED", 0, 0, null));
		assertThat(raft.peers().get(3L)).isEqualTo(new RaftDescriptor.PeerDescriptor("CONNECTING", 2, 1,
				new RaftDescriptor.SnapshotTransferDescriptor(1024, 4096)));
	}

	@Test
	void theJsonNamesAreTheDocumentedOnes() {
		JsonNode json = JsonMapper.builder().build().valueToTree(RaftDescriptor.of(leaderStatus()));
		assertThat(json.propertyNames()).containsExactlyInAnyOrder("id", "term", "vote", "commit", "applied", "snapshot",
				"leader", "state", "leadTransferee", "configuration", "progress", "peers");
		assertThat(json.get("configuration").propertyNames()).containsExactlyInAnyOrder("voters", "learners",
				"outgoingVoters", "learnersNext", "autoLeave");
		assertThat(json.get("progress").get("1").propertyNames()).containsExactlyInAnyOrder("match", "next", "state",
				"paused", "pendingSnapshot", "recentActive", "learner", "inflight");
		assertThat(json.get("peers").get("3").propertyNames()).containsExactlyInAnyOrder("connection", "queuedMessages",
				"messagesDropped", "snapshotTransfer");
		assertThat(json.get("peers").get("3").get("snapshotTransfer").propertyNames())
			.containsExactlyInAnyOrder("bytesSent", "totalBytes");
	}

	@Test
	void aFollowerShowsNoProgress() {
		Status follower = new Status(new BasicStatus(1, HardState.newBuilder().setTerm(5).setVote(2).setCommit(40).build(),
				new SoftState(2, StateType.StateFollower), 40, 0), new TrackerConfig(), new TreeMap<>());
		RaftDescriptor raft = RaftDescriptor.of(new ServerStatus(0, 1, follower, 40, 0, Map.of()));
		assertThat(raft.state()).isEqualTo("StateFollower");
		assertThat(raft.leader()).isEqualTo(2);
		assertThat(raft.progress()).isEmpty();
	}

	private static ServerStatus leaderStatus() {
		TrackerConfig config = new TrackerConfig();
		config.voters = new JointConfig(new MajorityConfig(1, 2, 3), new MajorityConfig(1, 2));
		config.learners.add(4L);
		config.learnersNext.add(5L);
		config.autoLeave = true;
		TreeMap<Long, Progress> progress = new TreeMap<>();
		progress.put(1L, progress(40, 41, ProgressState.StateReplicate, true));
		progress.get(1L).inflights.add(41, 10);
		progress.get(1L).inflights.add(42, 10);
		progress.put(2L, progress(40, 41, ProgressState.StateReplicate, true));
		Progress snapshotting = progress(10, 31, ProgressState.StateSnapshot, false);
		snapshotting.pendingSnapshot = 30;
		progress.put(3L, snapshotting);
		Status status = new Status(new BasicStatus(2, HardState.newBuilder().setTerm(5).setVote(2).setCommit(40).build(),
				new SoftState(2, StateType.StateLeader), 39, 3), config, progress);
		Map<Long, PeerLink> peers = Map.of(1L, new PeerLink(1, ConnectionState.CONNECTED, 0, 0, Optional.empty()), 3L,
				new PeerLink(3, ConnectionState.CONNECTING, 2, 1, Optional.of(new SnapshotProgress(0, 1024, 4096))));
		return new ServerStatus(0, 2, status, 39, 30, peers);
	}

	private static Progress progress(long match, long next, ProgressState state, boolean recentActive) {
		Progress pr = new Progress();
		pr.match = match;
		pr.next = next;
		pr.state = state;
		pr.recentActive = recentActive;
		pr.inflights = new Inflights(256, 0);
		return pr;
	}

}
