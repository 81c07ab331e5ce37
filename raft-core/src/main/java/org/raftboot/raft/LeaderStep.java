package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressState;

/**
 * What a leader does with a message (etcd's {@code stepLeader}): heartbeats and quorum checks,
 * proposals (with configuration-change validation), read requests, and the responses that drive
 * each follower's progress, snapshots and leadership transfer.
 */
final class LeaderStep {

	private LeaderStep() {
	}

	static void stepLeader(Raft r, Message m) {
		// Messages that do not need the sender's progress.
		switch (m.getType()) {
			case MsgBeat -> {
				Replication.bcastHeartbeat(r);
				return;
			}
			case MsgCheckQuorum -> {
				checkQuorum(r);
				return;
			}
			case MsgProp -> {
				propose(r, m);
				return;
			}
			case MsgReadIndex -> {
				ReadIndex.stepReadIndex(r, m);
				return;
			}
			case MsgForgetLeader -> {
				// A leader never forgets itself.
				return;
			}
			default -> {
			}
		}

		Progress pr = r.trk.progress.get(m.getFrom());
		if (pr == null) {
			r.logger.debugf("%x no progress available for %x", r.id, m.getFrom());
			return;
		}
		switch (m.getType()) {
			case MsgAppResp -> {
				// Any response from the follower, even a rejection, shows it is alive.
				pr.recentActive = true;
				if (m.getReject()) {
					appendRejected(r, m, pr);
				}
				else {
					appendAccepted(r, m, pr);
				}
			}
			case MsgHeartbeatResp -> heartbeatResponse(r, m, pr);
			case MsgSnapStatus -> snapStatus(r, m, pr);
			case MsgUnreachable -> {
				// An optimistically sent append was probably lost: probe again.
				if (pr.state == ProgressState.StateReplicate) {
					pr.becomeProbe();
				}
				r.logger.debugf("%x failed to send message to %x because it is unreachable [%s]", r.id, m.getFrom(),
						pr);
			}
			case MsgTransferLeader -> transferLeader(r, m, pr);
			default -> {
			}
		}
	}

	private static void checkQuorum(Raft r) {
		if (!r.trk.quorumActive()) {
			r.logger.warningf("%x stepped down to follower since quorum is not active", r.id);
			r.becomeFollower(r.term, RaftConstants.NONE);
		}
		// Mark everybody inactive; their next message marks them active again.
		r.trk.visit((id, pr) -> {
			if (id != r.id) {
				pr.recentActive = false;
			}
		});
	}

	private static void propose(Raft r, Message m) {
		if (m.getEntriesCount() == 0) {
			throw r.logger.panicf("%x stepped empty MsgProp", r.id);
		}
		if (r.trk.progress.get(r.id) == null) {
			// This leader was removed from the configuration: it must not propose any more.
			throw ProposalDroppedException.INSTANCE;
		}
		if (r.leadTransferee != RaftConstants.NONE) {
			r.logger.debugf("%x [term %d] transfer leadership to %x is in progress; dropping proposal", r.id, r.term,
					r.leadTransferee);
			throw ProposalDroppedException.INSTANCE;
		}

		List<Entry> entries = new ArrayList<>(m.getEntriesList());
		for (int i = 0; i < entries.size(); i++) {
			ConfChangeV2 cc = decodeConfChange(entries.get(i));
			if (cc == null) {
				continue;
			}
			boolean alreadyPending = r.pendingConfIndex > r.raftLog.applied;
			boolean alreadyJoint = r.trk.config.voters.isJoint();
			boolean wantsLeaveJoint = cc.getChangesCount() == 0;

			@Nullable String failedCheck = null;
			if (alreadyPending) {
				failedCheck = String.format("possible unapplied conf change at index %d (applied to %d)",
						r.pendingConfIndex, r.raftLog.applied);
			}
			else if (alreadyJoint && !wantsLeaveJoint) {
				failedCheck = "must transition out of joint config first";
			}
			else if (!alreadyJoint && wantsLeaveJoint) {
				failedCheck = "not in joint state; refusing empty conf change";
			}

			if (failedCheck != null && !r.disableConfChangeValidation) {
				r.logger.infof("%x ignoring conf change %s at config %s: %s", r.id, Describe.describeConfChange(cc),
						r.trk.config, failedCheck);
				entries.set(i, Entry.newBuilder().setType(EntryType.EntryNormal).build());
			}
			else {
				r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
			}
		}

		if (!r.appendEntry(entries)) {
			throw ProposalDroppedException.INSTANCE;
		}
		Replication.bcastAppend(r);
	}

	/** The V2 form of a configuration-change entry, or {@code null} for other entries. */
	private static @Nullable ConfChangeV2 decodeConfChange(Entry e) {
		try {
			if (e.getType() == EntryType.EntryConfChange) {
				return ConfChanges.asV2(ConfChange.parseFrom(e.getData()));
			}
			if (e.getType() == EntryType.EntryConfChangeV2) {
				return ConfChangeV2.parseFrom(e.getData());
			}
			return null;
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void appendRejected(Raft r, Message m, Progress pr) {
		// The follower's hint (index, term) lets us skip every index whose term cannot match.
		r.logger.debugf("%x received MsgAppResp(rejected, hint: (index %d, term %d)) from %x for index %d", r.id,
				m.getRejectHint(), m.getLogTerm(), m.getFrom(), m.getIndex());
		long nextProbeIdx = m.getRejectHint();
		if (m.getLogTerm() > 0) {
			nextProbeIdx = r.raftLog.findConflictByTerm(m.getRejectHint(), m.getLogTerm()).index();
		}
		if (pr.maybeDecrTo(m.getIndex(), nextProbeIdx)) {
			r.logger.debugf("%x decreased progress of %x to [%s]", r.id, m.getFrom(), pr);
			if (pr.state == ProgressState.StateReplicate) {
				pr.becomeProbe();
			}
			Replication.sendAppend(r, m.getFrom());
		}
	}

	private static void appendAccepted(Raft r, Message m, Progress pr) {
		// A probing follower that already matched this index also moves to replicating: it
		// tells us the probe succeeded, even if nothing new was acknowledged.
		if (!pr.maybeUpdate(m.getIndex()) && !(pr.match == m.getIndex() && pr.state == ProgressState.StateProbe)) {
			return;
		}
		if (pr.state == ProgressState.StateProbe) {
			pr.becomeReplicate();
		}
		else if (pr.state == ProgressState.StateSnapshot && pr.match + 1 >= r.raftLog.firstIndex()) {
			// The follower caught up past our compacted prefix (from our snapshot or otherwise):
			// replicate from its match.
			r.logger.debugf("%x recovered from needing snapshot, resumed sending replication messages to %x [%s]",
					r.id, m.getFrom(), pr);
			pr.becomeProbe();
			pr.becomeReplicate();
		}
		else if (pr.state == ProgressState.StateReplicate) {
			pr.inflights.freeLE(m.getIndex());
		}

		if (r.maybeCommit()) {
			ReadIndex.releasePendingReadIndexMessages(r);
			Replication.bcastAppend(r);
		}
		else if (r.id != m.getFrom() && pr.canBumpCommit(r.raftLog.committed)) {
			// The follower does not know the current commit index yet.
			Replication.sendAppend(r, m.getFrom());
		}
		if (r.id != m.getFrom()) {
			// Fill the flow-control window with whatever else is ready to go.
			while (Replication.maybeSendAppend(r, m.getFrom(), false)) {
				// keep sending
			}
		}
		if (m.getFrom() == r.leadTransferee && pr.match == r.raftLog.lastIndex()) {
			r.logger.infof("%x sent MsgTimeoutNow to %x after received MsgAppResp", r.id, m.getFrom());
			Replication.sendTimeoutNow(r, m.getFrom());
		}
	}

	private static void heartbeatResponse(Raft r, Message m, Progress pr) {
		pr.recentActive = true;
		pr.msgAppFlowPaused = false;

		// A follower that is behind or still being probed gets entries now.
		if (pr.match < r.raftLog.lastIndex() || pr.state == ProgressState.StateProbe) {
			Replication.sendAppend(r, m.getFrom());
		}

		if (r.readOnly.option != ReadOnlyOption.SAFE || m.getContext().isEmpty()) {
			return;
		}
		ReadIndex.recvAck(r, m.getFrom(), m.getContext().toByteArray());
	}

	private static void snapStatus(Raft r, Message m, Progress pr) {
		if (pr.state != ProgressState.StateSnapshot) {
			return;
		}
		if (!m.getReject()) {
			pr.becomeProbe();
			r.logger.debugf("%x snapshot succeeded, resumed sending replication messages to %x [%s]", r.id,
					m.getFrom(), pr);
		}
		else {
			// The snapshot did not arrive: forget it, so probing starts from the match.
			pr.pendingSnapshot = 0;
			pr.becomeProbe();
			r.logger.debugf("%x snapshot failed, resumed sending replication messages to %x [%s]", r.id, m.getFrom(),
					pr);
		}
		// Wait for the follower's next response (or a heartbeat response) before appending: the
		// snapshot may still be in flight.
		pr.msgAppFlowPaused = true;
	}

	private static void transferLeader(Raft r, Message m, Progress pr) {
		if (pr.isLearner) {
			r.logger.debugf("%x is learner. Ignored transferring leadership", r.id);
			return;
		}
		long leadTransferee = m.getFrom();
		long lastLeadTransferee = r.leadTransferee;
		if (lastLeadTransferee != RaftConstants.NONE) {
			if (lastLeadTransferee == leadTransferee) {
				r.logger.infof("%x [term %d] transfer leadership to %x is in progress, ignores request to same node %x",
						r.id, r.term, leadTransferee, leadTransferee);
				return;
			}
			r.abortLeaderTransfer();
			r.logger.infof("%x [term %d] abort previous transferring leadership to %x", r.id, r.term,
					lastLeadTransferee);
		}
		if (leadTransferee == r.id) {
			r.logger.debugf("%x is already leader. Ignored transferring leadership to self", r.id);
			return;
		}
		r.logger.infof("%x [term %d] starts to transfer leadership to %x", r.id, r.term, leadTransferee);
		// The transfer must complete within one election timeout, or it is aborted.
		r.electionElapsed = 0;
		r.leadTransferee = leadTransferee;
		if (pr.match == r.raftLog.lastIndex()) {
			Replication.sendTimeoutNow(r, leadTransferee);
			r.logger.infof("%x sends MsgTimeoutNow to %x immediately as %x already has up-to-date log", r.id,
					leadTransferee, leadTransferee);
		}
		else {
			Replication.sendAppend(r, leadTransferee);
		}
	}

}
