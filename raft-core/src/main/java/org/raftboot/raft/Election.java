package org.raftboot.raft;

import java.nio.charset.StandardCharsets;

import com.google.protobuf.ByteString;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.tracker.VoteTally;

/**
 * Leader election (etcd's {@code hup}, {@code campaign}, {@code poll} and the voting rules): when
 * a node may campaign, how it asks for (pre-)votes, how it counts them, and when it grants one.
 */
final class Election {

	private Election() {
	}

	/** Why a node campaigns; the transfer type travels as the vote's context. */
	enum CampaignType {

		CampaignPreElection, CampaignElection, CampaignTransfer;

		byte[] context() {
			return name().getBytes(StandardCharsets.US_ASCII);
		}

	}

	static void hup(Raft r, CampaignType t) {
		if (r.state == StateType.StateLeader) {
			r.logger.debugf("%x ignoring MsgHup because already leader", r.id);
			return;
		}
		if (!r.promotable()) {
			r.logger.warningf("%x is unpromotable and can not campaign", r.id);
			return;
		}
		if (hasUnappliedConfChanges(r)) {
			r.logger.warningf(
					"%x cannot campaign at term %d since there are still pending configuration changes to apply",
					r.id, r.term);
			return;
		}
		r.logger.infof("%x is starting a new election at term %d", r.id, r.term);
		campaign(r, t);
	}

	/** Stops a scan early; carries no stack because it never escapes. */
	private static final class ScanBreak extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private static final ScanBreak INSTANCE = new ScanBreak();

		private ScanBreak() {
			super("break", null, false, false);
		}

	}

	static boolean hasUnappliedConfChanges(Raft r) {
		if (r.raftLog.applied >= r.raftLog.committed) {
			return false;
		}
		long lo = r.raftLog.applied + 1;
		long hi = r.raftLog.committed + 1;
		try {
			r.raftLog.scan(lo, hi, r.raftLog.maxApplyingEntsSize, (ents) -> {
				for (Entry e : ents) {
					if (e.getType() == EntryType.EntryConfChange || e.getType() == EntryType.EntryConfChangeV2) {
						throw ScanBreak.INSTANCE;
					}
				}
			});
		}
		catch (ScanBreak found) {
			return true;
		}
		catch (StorageException ex) {
			throw r.logger.panicf("error scanning unapplied entries [%d, %d): %s", lo, hi, ex.getMessage());
		}
		return false;
	}

	/** Starts an election (or pre-election): asks every voter, in ascending id order. */
	static void campaign(Raft r, CampaignType t) {
		if (!r.promotable()) {
			r.logger.warningf("%x is unpromotable; campaign() should have been called", r.id);
		}
		long voteTerm;
		MessageType voteMsg;
		if (t == CampaignType.CampaignPreElection) {
			r.becomePreCandidate();
			voteMsg = MessageType.MsgPreVote;
			// Pre-votes ask for the next term without incrementing our own.
			voteTerm = r.term + 1;
		}
		else {
			r.becomeCandidate();
			voteMsg = MessageType.MsgVote;
			voteTerm = r.term;
		}
		for (long voter : r.trk.config.voters.ids()) {
			if (voter == r.id) {
				// Vote for ourselves; the response is stepped once our state is durable.
				r.send(Message.newBuilder()
					.setTo(voter)
					.setTerm(voteTerm)
					.setType(Messages.voteRespMsgType(voteMsg)));
				continue;
			}
			EntryId last = r.raftLog.lastEntryId();
			r.logger.infof("%x [logterm: %d, index: %d] sent %s request to %x at term %d", r.id, last.term(),
					last.index(), voteMsg, voter, r.term);
			Message.Builder m = Message.newBuilder()
				.setTo(voter)
				.setTerm(voteTerm)
				.setType(voteMsg)
				.setIndex(last.index())
				.setLogTerm(last.term());
			if (t == CampaignType.CampaignTransfer) {
				m.setContext(ByteString.copyFrom(t.context()));
			}
			r.send(m);
		}
	}

	static VoteTally poll(Raft r, long id, MessageType t, boolean v) {
		if (v) {
			r.logger.infof("%x received %s from %x at term %d", r.id, t, id, r.term);
		}
		else {
			r.logger.infof("%x received %s rejection from %x at term %d", r.id, t, id, r.term);
		}
		r.trk.recordVote(id, v);
		return r.trk.tallyVotes();
	}

	static void stepVoteRequest(Raft r, Message m) {
		// We may vote for whom we already voted for, for anybody when we neither voted nor know a
		// leader in this term, and in a pre-vote for a future term.
		boolean canVote = r.vote == m.getFrom()
				|| (r.vote == RaftConstants.NONE && r.lead == RaftConstants.NONE)
				|| (m.getType() == MessageType.MsgPreVote && m.getTerm() > r.term);
		EntryId lastId = r.raftLog.lastEntryId();
		EntryId candLastId = new EntryId(m.getLogTerm(), m.getIndex());
		if (canVote && r.raftLog.isUpToDate(candLastId)) {
			r.logger.infof(
					"%x [logterm: %d, index: %d, vote: %x] cast %s for %x [logterm: %d, index: %d] at term %d", r.id,
					lastId.term(), lastId.index(), r.vote, m.getType(), m.getFrom(), candLastId.term(),
					candLastId.index(), r.term);
			// The response carries the request's term: a pre-vote is answered at the future term.
			r.send(Message.newBuilder()
				.setTo(m.getFrom())
				.setTerm(m.getTerm())
				.setType(Messages.voteRespMsgType(m.getType())));
			if (m.getType() == MessageType.MsgVote) {
				r.electionElapsed = 0;
				r.vote = m.getFrom();
			}
		}
		else {
			r.logger.infof(
					"%x [logterm: %d, index: %d, vote: %x] rejected %s from %x [logterm: %d, index: %d] at term %d",
					r.id, lastId.term(), lastId.index(), r.vote, m.getType(), m.getFrom(), candLastId.term(),
					candLastId.index(), r.term);
			r.send(Message.newBuilder()
				.setTo(m.getFrom())
				.setTerm(r.term)
				.setType(Messages.voteRespMsgType(m.getType()))
				.setReject(true));
		}
	}
}
