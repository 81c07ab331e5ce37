package org.raftboot.raft;

import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.tracker.VoteTally;

/**
 * What a candidate or pre-candidate does with a message (etcd's {@code stepCandidate}): count
 * votes, and give up the election when a leader of this term shows up.
 */
final class CandidateStep {

	private CandidateStep() {
	}

	static void stepCandidate(Raft r, Message m) {
		// Only responses to our own kind of election count; a pre-candidate may still receive
		// responses to an earlier real election, and the other way round.
		MessageType myVoteRespType = (r.state == StateType.StatePreCandidate) ? MessageType.MsgPreVoteResp
				: MessageType.MsgVoteResp;
		switch (m.getType()) {
			case MsgProp -> {
				r.logger.infof("%x no leader at term %d; dropping proposal", r.id, r.term);
				throw ProposalDroppedException.INSTANCE;
			}
			case MsgApp -> {
				// A leader of our term exists (m.term == r.term here).
				r.becomeFollower(m.getTerm(), m.getFrom());
				FollowerStep.handleAppendEntries(r, m);
			}
			case MsgHeartbeat -> {
				r.becomeFollower(m.getTerm(), m.getFrom());
				FollowerStep.handleHeartbeat(r, m);
			}
			case MsgSnap -> {
				r.becomeFollower(m.getTerm(), m.getFrom());
				FollowerStep.handleSnapshot(r, m);
			}
			case MsgTimeoutNow -> r.logger.debugf("%x [term %d state %s] ignored MsgTimeoutNow from %x", r.id, r.term,
					r.state, m.getFrom());
			default -> {
				if (m.getType() == myVoteRespType) {
					countVote(r, m);
				}
			}
		}
	}

	private static void countVote(Raft r, Message m) {
		VoteTally tally = Election.poll(r, m.getFrom(), m.getType(), !m.getReject());
		r.logger.infof("%x has received %d %s votes and %d vote rejections", r.id, tally.granted(), m.getType(),
				tally.rejected());
		switch (tally.result()) {
			case VoteWon -> {
				if (r.state == StateType.StatePreCandidate) {
					Election.campaign(r, Election.CampaignType.CampaignElection);
				}
				else {
					r.becomeLeader();
					Replication.bcastAppend(r);
				}
			}
			case VoteLost -> r.becomeFollower(r.term, RaftConstants.NONE);
			case VotePending -> {
			}
		}
	}

}
