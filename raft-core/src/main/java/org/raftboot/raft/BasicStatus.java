package org.raftboot.raft;

import org.raftboot.raft.pb.HardState;

/**
 * A cheap snapshot of a node's state, without the per-follower progress.
 *
 * @param id the node's id
 * @param hardState term, vote and commit index
 * @param softState leader and role
 * @param applied the highest index handed out for applying and acknowledged
 * @param leadTransferee the target of an ongoing leadership transfer, or {@code 0}
 */
public record BasicStatus(long id, HardState hardState, SoftState softState, long applied, long leadTransferee) {

	public long term() {
		return this.hardState.getTerm();
	}

	public long vote() {
		return this.hardState.getVote();
	}

	public long commit() {
		return this.hardState.getCommit();
	}

	public long lead() {
		return this.softState.lead();
	}

	public StateType raftState() {
		return this.softState.raftState();
	}

}
