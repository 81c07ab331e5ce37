package org.raftboot.raft;

import org.raftboot.raft.confchange.Changer;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.confchange.Restore;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressTracker;

/**
 * How a node's configuration changes: applying a committed configuration change, restoring a
 * snapshot's configuration, and what a leader does when its configuration switches (commit with
 * the new quorum, step down when removed, abort a transfer to a removed node).
 */
final class Membership {

	private Membership() {
	}

	/**
	 * Applies a committed configuration change.
	 * @throws org.raftboot.raft.confchange.ConfChangeException if the change is invalid
	 */
	static ConfState applyConfChange(Raft r, ConfChangeV2 cc) {
		Changer changer = new Changer(r.trk, r.raftLog.lastIndex());
		Changer.Result result;
		if (ConfChanges.leavesJoint(cc)) {
			result = changer.leaveJoint();
		}
		else if (ConfChanges.entersJoint(cc)) {
			result = changer.enterJoint(ConfChanges.autoLeave(cc), cc.getChangesList());
		}
		else {
			result = changer.simple(cc.getChangesList());
		}
		return switchToConfig(r, result);
	}

	/**
	 * Makes a new configuration current. A leader commits what the new quorum allows and brings
	 * new members up to date; a removed or demoted leader keeps leading (so the change commits)
	 * unless configured to step down.
	 */
	static ConfState switchToConfig(Raft r, Changer.Result result) {
		r.trk.config = result.config();
		r.trk.progress = result.progress();

		r.logger.infof("%x switched to configuration %s", r.id, r.trk.config);
		ConfState cs = r.trk.confState();
		Progress pr = r.trk.progress.get(r.id);

		r.isLearner = pr != null && pr.isLearner;

		if ((pr == null || r.isLearner) && r.state == StateType.StateLeader) {
			if (r.stepDownOnRemoval) {
				r.becomeFollower(r.term, RaftConstants.NONE);
			}
			return cs;
		}

		if (r.state != StateType.StateLeader || cs.getVotersCount() == 0) {
			return cs;
		}

		if (r.maybeCommit()) {
			// The new configuration's quorum may allow a higher commit index.
			Replication.bcastAppend(r);
		}
		else {
			// Otherwise probe the newly added nodes.
			r.trk.visit((id, p) -> {
				if (id != r.id) {
					Replication.maybeSendAppend(r, id, false);
				}
			});
		}
		if (r.leadTransferee != 0 && !r.trk.config.voters.ids().contains(r.leadTransferee)) {
			r.abortLeaderTransfer();
		}
		return cs;
	}

	/**
	 * Replaces the log and configuration with a snapshot's, unless the snapshot is not ahead of
	 * the commit index or matches our log (then the commit index just fast-forwards). Returns
	 * whether the snapshot was restored.
	 */
	static boolean restore(Raft r, Snapshot s) {
		if (s.getMetadata().getIndex() <= r.raftLog.committed) {
			return false;
		}
		if (r.state != StateType.StateFollower) {
			// Defense in depth: only a leader of a higher term could have sent it.
			r.logger.warningf("%x attempted to restore snapshot as leader; should never happen", r.id);
			r.becomeFollower(r.term + 1, RaftConstants.NONE);
			return false;
		}

		ConfState cs = s.getMetadata().getConfState();
		if (!contains(cs, r.id)) {
			r.logger.warningf("%x attempted to restore snapshot but it is not in the ConfState %s; should never happen",
					r.id, cs);
			return false;
		}

		EntryId id = new EntryId(s.getMetadata().getTerm(), s.getMetadata().getIndex());
		if (r.raftLog.matchTerm(id)) {
			// Our log already has the snapshot's last entry: keep the log, commit up to it.
			EntryId last = r.raftLog.lastEntryId();
			r.logger.infof(
					"%x [commit: %d, lastindex: %d, lastterm: %d] fast-forwarded commit to snapshot [index: %d, term: %d]",
					r.id, r.raftLog.committed, last.index(), last.term(), id.index(), id.term());
			r.raftLog.commitTo(s.getMetadata().getIndex());
			return false;
		}

		r.raftLog.restore(s);

		r.trk = new ProgressTracker(r.trk.maxInflight, r.trk.maxInflightBytes);
		Changer.Result result = Restore.restore(new Changer(r.trk, r.raftLog.lastIndex()), cs);
		assertConfStatesEquivalent(r.logger, cs, switchToConfig(r, result));

		EntryId last = r.raftLog.lastEntryId();
		r.logger.infof("%x [commit: %d, lastindex: %d, lastterm: %d] restored snapshot [index: %d, term: %d]", r.id,
				r.raftLog.committed, last.index(), last.term(), id.index(), id.term());
		return true;
	}

	private static boolean contains(ConfState cs, long id) {
		return cs.getVotersList().contains(id) || cs.getLearnersList().contains(id)
				|| cs.getVotersOutgoingList().contains(id);
	}

	static void assertConfStatesEquivalent(RaftLogger logger, ConfState cs1, ConfState cs2) {
		if (!ConfChanges.equivalent(cs1, cs2)) {
			throw logger.panic(String.format("ConfStates not equivalent after sorting:\n%s\n%s", cs1, cs2));
		}
	}

}
