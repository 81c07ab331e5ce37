package org.raftboot.raft;

import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;

/**
 * What a follower does with a message (etcd's {@code stepFollower}), and how any node accepts
 * the leader's appends, heartbeats and snapshots.
 */
final class FollowerStep {

	private FollowerStep() {
	}

	static void stepFollower(Raft r, Message m) {
		switch (m.getType()) {
			case MsgProp -> {
				if (r.lead == RaftConstants.NONE) {
					r.logger.infof("%x no leader at term %d; dropping proposal", r.id, r.term);
					throw ProposalDroppedException.INSTANCE;
				}
				if (r.disableProposalForwarding) {
					r.logger.infof("%x not forwarding to leader %x at term %d; dropping proposal", r.id, r.lead, r.term);
					throw ProposalDroppedException.INSTANCE;
				}
				r.send(m.toBuilder().setTo(r.lead));
			}
			case MsgApp -> {
				r.electionElapsed = 0;
				r.lead = m.getFrom();
				handleAppendEntries(r, m);
			}
			case MsgHeartbeat -> {
				r.electionElapsed = 0;
				r.lead = m.getFrom();
				handleHeartbeat(r, m);
			}
			case MsgSnap -> {
				r.electionElapsed = 0;
				r.lead = m.getFrom();
				handleSnapshot(r, m);
			}
			case MsgTransferLeader -> {
				if (r.lead == RaftConstants.NONE) {
					r.logger.infof("%x no leader at term %d; dropping leader transfer msg", r.id, r.term);
					return;
				}
				r.send(m.toBuilder().setTo(r.lead));
			}
			case MsgForgetLeader -> forgetLeader(r);
			case MsgTimeoutNow -> {
				r.logger.infof(
						"%x [term %d] received MsgTimeoutNow from %x and starts an election to get leadership.", r.id,
						r.term, m.getFrom());
				// A transfer campaign ignores the leader lease of the other nodes.
				Election.hup(r, Election.CampaignType.CampaignTransfer);
			}
			case MsgReadIndex -> {
				if (r.lead == RaftConstants.NONE) {
					r.logger.infof("%x no leader at term %d; dropping index reading msg", r.id, r.term);
					return;
				}
				r.send(m.toBuilder().setTo(r.lead));
			}
			case MsgReadIndexResp -> {
				if (m.getEntriesCount() != 1) {
					r.logger.errorf("%x invalid format of MsgReadIndexResp from %x, entries count: %d", r.id,
							m.getFrom(), m.getEntriesCount());
					return;
				}
				r.readStates.add(new ReadState(m.getIndex(), m.getEntries(0).getData().toByteArray()));
			}
			default -> {
			}
		}
	}

	/**
	 * Forgets the leader so that this follower grants (pre-)votes again before its election
	 * timeout, e.g. when the application knows the leader is gone. Refused with lease-based reads,
	 * which rely on followers not voting for anybody else during the lease.
	 */
	private static void forgetLeader(Raft r) {
		if (r.readOnly.option == ReadOnlyOption.LEASE_BASED) {
			r.logger.error("ignoring MsgForgetLeader due to ReadOnlyLeaseBased");
			return;
		}
		if (r.lead != RaftConstants.NONE) {
			r.logger.infof("%x forgetting leader %x at term %d", r.id, r.lead, r.term);
			r.lead = RaftConstants.NONE;
		}
	}

	/** Appends the leader's entries if they connect to our log, else rejects with a hint. */
	static void handleAppendEntries(Raft r, Message m) {
		LogSlice a = new LogSlice(m.getTerm(), new EntryId(m.getLogTerm(), m.getIndex()), m.getEntriesList());
		if (a.prev().index() < r.raftLog.committed) {
			// Everything up to our commit index is settled: acknowledge it.
			r.send(Message.newBuilder()
				.setTo(m.getFrom())
				.setType(MessageType.MsgAppResp)
				.setIndex(r.raftLog.committed));
			return;
		}
		if (r.raftLog.maybeAppend(a, m.getCommit())) {
			r.send(Message.newBuilder().setTo(m.getFrom()).setType(MessageType.MsgAppResp).setIndex(a.lastIndex()));
			return;
		}
		r.logger.debugf("%x [logterm: %d, index: %d] rejected MsgApp [logterm: %d, index: %d] from %x", r.id,
				r.raftLog.zeroTermOnOutOfBounds(m.getIndex()), m.getIndex(), m.getLogTerm(), m.getIndex(),
				m.getFrom());

		// Hint the leader at the last index (at or below the probed one) whose term is at most the
		// probed term: entries past it cannot match, so the leader skips them all at once.
		long hintIndex = Math.min(m.getIndex(), r.raftLog.lastIndex());
		EntryId hint = r.raftLog.findConflictByTerm(hintIndex, m.getLogTerm());
		r.send(Message.newBuilder()
			.setTo(m.getFrom())
			.setType(MessageType.MsgAppResp)
			.setIndex(m.getIndex())
			.setReject(true)
			.setRejectHint(hint.index())
			.setLogTerm(hint.term()));
	}

	static void handleHeartbeat(Raft r, Message m) {
		r.raftLog.commitTo(m.getCommit());
		sendHeartbeatResp(r, m);
	}

	private static void sendHeartbeatResp(Raft r, Message m) {
		Message.Builder resp = Message.newBuilder().setTo(m.getFrom()).setType(MessageType.MsgHeartbeatResp);
		if (m.hasContext()) {
			resp.setContext(m.getContext());
		}
		r.send(resp);
	}

	static void handleSnapshot(Raft r, Message m) {
		Snapshot s = m.getSnapshot();
		long sindex = s.getMetadata().getIndex();
		long sterm = s.getMetadata().getTerm();
		if (Membership.restore(r, s)) {
			r.logger.infof("%x [commit: %d] restored snapshot [index: %d, term: %d]", r.id, r.raftLog.committed, sindex,
					sterm);
			r.send(Message.newBuilder()
				.setTo(m.getFrom())
				.setType(MessageType.MsgAppResp)
				.setIndex(r.raftLog.lastIndex()));
		}
		else {
			r.logger.infof("%x [commit: %d] ignored snapshot [index: %d, term: %d]", r.id, r.raftLog.committed, sindex,
					sterm);
			r.send(Message.newBuilder()
				.setTo(m.getFrom())
				.setType(MessageType.MsgAppResp)
				.setIndex(r.raftLog.committed));
		}
	}

}
