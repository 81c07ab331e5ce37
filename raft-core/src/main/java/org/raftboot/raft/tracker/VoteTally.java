package org.raftboot.raft.tracker;

import org.raftboot.raft.quorum.VoteResult;

/**
 * The counts of an election (voters only) together with its outcome, so the candidate can log
 * both at once.
 */
public record VoteTally(int granted, int rejected, VoteResult result) {
}
