package org.raftboot.raft.tracker;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.quorum.VoteResult;

/**
 * Everything a leader or candidate tracks about its peers (etcd's {@code tracker.ProgressTracker}):
 * the current membership, each peer's progress and the votes of the current election. It answers
 * the quorum questions (what is committed, is a quorum active, who won) over that state.
 */
public final class ProgressTracker {

	public TrackerConfig config = new TrackerConfig();

	public ProgressMap progress = new ProgressMap();

	/** Votes of the current election by voter id; the first vote of each voter counts. */
	public TreeMap<Long, Boolean> votes = new TreeMap<>(Long::compareUnsigned);

	/** The inflight message limit of every progress created for this tracker. */
	public int maxInflight;

	/** The inflight byte limit (unsigned, 0 for none) of every progress created for this tracker. */
	public long maxInflightBytes;

	public ProgressTracker(int maxInflight, long maxInflightBytes) {
		this.maxInflight = maxInflight;
		this.maxInflightBytes = maxInflightBytes;
	}

	/** The membership as a {@link ConfState}, every list sorted ascending. */
	public ConfState confState() {
		return ConfState.newBuilder()
			.addAllVoters(this.config.voters.incoming())
			.addAllVotersOutgoing(this.config.voters.outgoing())
			.addAllLearners(this.config.learners)
			.addAllLearnersNext(this.config.learnersNext)
			.setAutoLeave(this.config.autoLeave)
			.build();
	}

	/** Whether this is a single voter, not joint: that voter decides alone. */
	public boolean isSingleton() {
		return this.config.voters.incoming().size() == 1 && !this.config.voters.isJoint();
	}

	/** The largest index that the voters' quorum has acknowledged (by {@link Progress#match}). */
	public long committed() {
		return this.config.voters.committedIndex(this.progress);
	}

	/** Calls {@code f} for every peer in ascending id order. */
	public void visit(BiConsumer<Long, Progress> f) {
		this.progress.forEach(f);
	}

	/** Whether the voters that were recently active form a quorum. */
	public boolean quorumActive() {
		Map<Long, Boolean> active = new TreeMap<>(Long::compareUnsigned);
		visit((id, pr) -> {
			if (!pr.isLearner) {
				active.put(id, pr.recentActive);
			}
		});
		return this.config.voters.voteResult(active) == VoteResult.VoteWon;
	}

	/** The ids of all voters of either half, ascending. */
	public long[] voterNodes() {
		return this.config.voters.ids().stream().mapToLong(Long::longValue).toArray();
	}

	/** The ids of the learners, ascending. */
	public long[] learnerNodes() {
		return this.config.learners.stream().mapToLong(Long::longValue).toArray();
	}

	/** Starts a new election. */
	public void resetVotes() {
		this.votes = new TreeMap<>(Long::compareUnsigned);
	}

	/** Records the vote of {@code id} unless it already voted in this election. */
	public void recordVote(long id, boolean granted) {
		this.votes.putIfAbsent(id, granted);
	}

	/** Counts the votes of current voters and computes the election's outcome. */
	public VoteTally tallyVotes() {
		int granted = 0;
		int rejected = 0;
		for (Map.Entry<Long, Progress> entry : this.progress) {
			if (entry.getValue().isLearner) {
				continue;
			}
			Boolean vote = this.votes.get(entry.getKey());
			if (vote == null) {
				continue;
			}
			if (vote) {
				granted++;
			}
			else {
				rejected++;
			}
		}
		return new VoteTally(granted, rejected, this.config.voters.voteResult(this.votes));
	}

}
