package org.raftboot.spring.actuate.endpoint;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.Status;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.TrackerConfig;
import org.raftboot.server.PeerLink;
import org.raftboot.server.ServerStatus;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The replica's status as {@code GET /actuator/raft} shows it.
 *
 * @param id this replica
 * @param term current term
 * @param vote whom this replica voted for in the term (0: nobody)
 * @param commit highest index known committed
 * @param applied highest index applied to the application
 * @param snapshot index of the latest snapshot
 * @param leader the leader known (0: none)
 * @param state role: StateLeader, StateFollower, StateCandidate or StatePreCandidate
 * @param leadTransferee the member leadership is being handed to (0: none)
 * @param configuration the members
 * @param progress on the leader, each member's replication progress (empty elsewhere)
 * @param peers the transport's link to each peer
 * @since 0.1.0
 */
public record RaftDescriptor(long id, long term, long vote, long commit, long applied, long snapshot, long leader,
		String state, long leadTransferee, ConfigurationDescriptor configuration, Map<Long, ProgressDescriptor> progress,
		Map<Long, PeerDescriptor> peers) implements OperationResponseBody {

	static RaftDescriptor of(ServerStatus status) {
		Status raft = status.raft();
		Map<Long, ProgressDescriptor> progress = new TreeMap<>();
		if (status.isLeader()) {
			raft.progress().forEach((id, pr) -> progress.put(id, ProgressDescriptor.of(pr)));
		}
		Map<Long, PeerDescriptor> peers = new TreeMap<>();
		status.peers().forEach((id, link) -> peers.put(id, PeerDescriptor.of(link)));
		return new RaftDescriptor(raft.id(), raft.term(), raft.vote(), raft.commit(), status.lastApplied(),
				status.snapshotIndex(), raft.lead(), raft.raftState().name(), raft.leadTransferee(),
				ConfigurationDescriptor.of(raft.config()), progress, peers);
	}

	/** The membership: voters (incoming and outgoing halves when joint) and learners. */
	public record ConfigurationDescriptor(List<Long> voters, List<Long> learners, List<Long> outgoingVoters,
			List<Long> learnersNext, boolean autoLeave) {

		static ConfigurationDescriptor of(TrackerConfig config) {
			return new ConfigurationDescriptor(list(config.voters.incoming().slice()), List.copyOf(config.learners),
					list(config.voters.outgoing().slice()), List.copyOf(config.learnersNext), config.autoLeave);
		}

		private static List<Long> list(long[] ids) {
			return Arrays.stream(ids).boxed().toList();
		}
	}

	/** How far the leader has replicated to one member. */
	public record ProgressDescriptor(long match, long next, String state, boolean paused, long pendingSnapshot,
			boolean recentActive, boolean learner, int inflight) {

		static ProgressDescriptor of(Progress pr) {
			return new ProgressDescriptor(pr.match, pr.next, pr.state.name(), pr.isPaused(), pr.pendingSnapshot,
					pr.recentActive, pr.isLearner, (pr.inflights != null) ? pr.inflights.count() : 0);
		}
	}

	/** The transport's link to one peer, with any snapshot being sent to it. */
	public record PeerDescriptor(String connection, int queuedMessages, long messagesDropped,
			@Nullable SnapshotTransferDescriptor snapshotTransfer) {

		static PeerDescriptor of(PeerLink link) {
			return new PeerDescriptor(link.connection().name(), link.queuedMessages(), link.messagesDropped(),
					link.snapshotTransfer().map((p) -> new SnapshotTransferDescriptor(p.bytesSent(), p.totalBytes())).orElse(null));
		}
	}

	/** A snapshot on its way to a peer. */
	public record SnapshotTransferDescriptor(long bytesSent, long totalBytes) {
	}

}
