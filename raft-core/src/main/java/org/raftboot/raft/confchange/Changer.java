package org.raftboot.raft.confchange;

import java.util.List;
import java.util.OptionalInt;

import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.quorum.MajorityConfig;
import org.raftboot.raft.tracker.Inflights;
import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.ProgressMap;
import org.raftboot.raft.tracker.ProgressTracker;
import org.raftboot.raft.tracker.TrackerConfig;

/**
 * Computes the configuration and progress map that a membership change leads to (etcd's
 * {@code confchange.Changer}). Every operation works on copies and returns them, leaving the
 * tracker untouched, so a rejected change has no effect: the caller installs the result.
 *
 * <p>A simple change may alter at most one voter; anything else must go through a joint
 * configuration ({@link #enterJoint}, later {@link #leaveJoint}), in which decisions need
 * majorities of both the old and the new voters.
 */
public final class Changer {

	/** A configuration and the matching progress map, to be installed together. */
	public record Result(TrackerConfig config, ProgressMap progress) {
	}

	private final ProgressTracker tracker;

	private final long lastIndex;

	/**
	 * @param tracker the current state, only read
	 * @param lastIndex the index of the last log entry: new peers are probed from there
	 */
	public Changer(ProgressTracker tracker, long lastIndex) {
		this.tracker = tracker;
		this.lastIndex = lastIndex;
	}

	/**
	 * Enters a joint configuration whose outgoing half is the current voters and whose incoming half
	 * is the current voters changed by {@code ccs}.
	 * @param autoLeave whether the joint configuration is to be left automatically
	 * @throws ConfChangeException if already joint, without voters, or the result is invalid
	 */
	public Result enterJoint(boolean autoLeave, List<ConfChangeSingle> ccs) {
		Result copy = checkAndCopy();
		TrackerConfig cfg = copy.config();
		if (cfg.voters.isJoint()) {
			throw new ConfChangeException("config is already joint");
		}
		if (cfg.voters.incoming().isEmpty()) {
			throw new ConfChangeException("can't make a zero-voter config joint");
		}
		cfg.voters.incoming().forEach(cfg.voters.outgoing()::add);
		apply(cfg, copy.progress(), ccs);
		cfg.autoLeave = autoLeave;
		return checkAndReturn(cfg, copy.progress());
	}

	/**
	 * Leaves the joint configuration: the outgoing half is dropped, demoted voters become learners
	 * and peers that are in neither half any more lose their progress.
	 * @throws ConfChangeException if not joint
	 */
	public Result leaveJoint() {
		Result copy = checkAndCopy();
		TrackerConfig cfg = copy.config();
		ProgressMap trk = copy.progress();
		if (!cfg.voters.isJoint()) {
			throw new ConfChangeException("can't leave a non-joint config");
		}
		for (long id : cfg.learnersNext) {
			cfg.learners.add(id);
			progressOf(trk, id).isLearner = true;
		}
		cfg.learnersNext.clear();
		for (long id : cfg.voters.outgoing()) {
			if (!cfg.voters.incoming().contains(id) && !cfg.learners.contains(id)) {
				trk.remove(id);
			}
		}
		for (long id : cfg.voters.outgoing().slice()) {
			cfg.voters.outgoing().remove(id);
		}
		cfg.autoLeave = false;
		return checkAndReturn(cfg, trk);
	}

	/**
	 * Applies changes that alter at most one voter (any number of learner changes) directly.
	 * @throws ConfChangeException if joint, if more than one voter changes, or the result is invalid
	 */
	public Result simple(List<ConfChangeSingle> ccs) {
		Result copy = checkAndCopy();
		TrackerConfig cfg = copy.config();
		if (cfg.voters.isJoint()) {
			throw new ConfChangeException("can't apply simple config change in joint config");
		}
		apply(cfg, copy.progress(), ccs);
		if (symdiff(this.tracker.config.voters.incoming(), cfg.voters.incoming()) > 1) {
			throw new ConfChangeException("more than one voter changed without entering joint config");
		}
		return checkAndReturn(cfg, copy.progress());
	}

	/** A changer over the state of {@code result}, with this changer's limits and last index. */
	Changer withState(Result result) {
		ProgressTracker next = new ProgressTracker(this.tracker.maxInflight, this.tracker.maxInflightBytes);
		next.config = result.config();
		next.progress = result.progress();
		return new Changer(next, this.lastIndex);
	}

	/** The state this changer starts from. */
	Result current() {
		return new Result(this.tracker.config, this.tracker.progress);
	}

	/**
	 * Applies the changes to the incoming half; node id 0 is ignored, updates change nothing, a
	 * change type this version does not know is refused.
	 */
	private void apply(TrackerConfig cfg, ProgressMap trk, List<ConfChangeSingle> ccs) {
		for (ConfChangeSingle cc : ccs) {
			long id = cc.getNodeId();
			if (id == 0) {
				continue;
			}
			OptionalInt unknown = ConfChanges.unknownType(cc);
			if (unknown.isPresent()) {
				throw new ConfChangeException("unexpected conf type " + unknown.getAsInt());
			}
			switch (cc.getType()) {
				case ConfChangeAddNode -> makeVoter(cfg, trk, id);
				case ConfChangeAddLearnerNode -> makeLearner(cfg, trk, id);
				case ConfChangeRemoveNode -> remove(cfg, trk, id);
				case ConfChangeUpdateNode -> {
				}
			}
		}
		if (cfg.voters.incoming().isEmpty()) {
			throw new ConfChangeException("removed all voters");
		}
	}

	private void makeVoter(TrackerConfig cfg, ProgressMap trk, long id) {
		Progress pr = trk.get(id);
		if (pr == null) {
			initProgress(cfg, trk, id, false);
			return;
		}
		pr.isLearner = false;
		cfg.learners.remove(id);
		cfg.learnersNext.remove(id);
		cfg.voters.incoming().add(id);
	}

	/**
	 * Makes {@code id} a learner. A voter of the outgoing half cannot be a learner while joint: it is
	 * parked in {@code learnersNext} until the joint configuration is left.
	 */
	private void makeLearner(TrackerConfig cfg, ProgressMap trk, long id) {
		Progress pr = trk.get(id);
		if (pr == null) {
			initProgress(cfg, trk, id, true);
			return;
		}
		if (pr.isLearner) {
			return;
		}
		remove(cfg, trk, id);
		trk.put(id, pr);
		if (cfg.voters.outgoing().contains(id)) {
			cfg.learnersNext.add(id);
		}
		else {
			pr.isLearner = true;
			cfg.learners.add(id);
		}
	}

	/** Removes {@code id} from the incoming half; it keeps its progress while still outgoing. */
	private void remove(TrackerConfig cfg, ProgressMap trk, long id) {
		if (!trk.containsKey(id)) {
			return;
		}
		cfg.voters.incoming().remove(id);
		cfg.learners.remove(id);
		cfg.learnersNext.remove(id);
		if (!cfg.voters.outgoing().contains(id)) {
			trk.remove(id);
		}
	}

	private void initProgress(TrackerConfig cfg, ProgressMap trk, long id, boolean isLearner) {
		if (isLearner) {
			cfg.learners.add(id);
		}
		else {
			cfg.voters.incoming().add(id);
		}
		Progress pr = new Progress();
		pr.next = (this.lastIndex == 0) ? 1 : this.lastIndex;
		pr.inflights = new Inflights(this.tracker.maxInflight, this.tracker.maxInflightBytes);
		pr.isLearner = isLearner;
		// A new peer counts as active until a check-quorum round says otherwise, so that adding it
		// cannot make the leader step down at once.
		pr.recentActive = true;
		trk.put(id, pr);
	}

	/** Copies the tracker's state (progresses shallowly, as etcd) after checking its invariants. */
	private Result checkAndCopy() {
		ProgressMap trk = new ProgressMap();
		this.tracker.progress.forEach((id, pr) -> trk.put(id, pr.shallowCopy()));
		return checkAndReturn(this.tracker.config.copy(), trk);
	}

	private static Result checkAndReturn(TrackerConfig cfg, ProgressMap trk) {
		checkInvariants(cfg, trk);
		return new Result(cfg, trk);
	}

	/**
	 * Checks that the configuration and the progress map agree. etcd's two checks that the outgoing
	 * voters and learnersNext are nil when not joint are implied here: an empty set stands for nil,
	 * and learnersNext must be a subset of the outgoing voters.
	 */
	private static void checkInvariants(TrackerConfig cfg, ProgressMap trk) {
		for (Iterable<Long> ids : List.of(cfg.voters.ids(), cfg.learners, cfg.learnersNext)) {
			for (long id : ids) {
				if (!trk.containsKey(id)) {
					throw invariant("no progress for %s", id);
				}
			}
		}
		for (long id : cfg.learnersNext) {
			if (!cfg.voters.outgoing().contains(id)) {
				throw invariant("%s is in LearnersNext, but not Voters[1]", id);
			}
			if (progressOf(trk, id).isLearner) {
				throw invariant("%s is in LearnersNext, but is already marked as learner", id);
			}
		}
		for (long id : cfg.learners) {
			if (cfg.voters.outgoing().contains(id)) {
				throw invariant("%s is in Learners and Voters[1]", id);
			}
			if (cfg.voters.incoming().contains(id)) {
				throw invariant("%s is in Learners and Voters[0]", id);
			}
			if (!progressOf(trk, id).isLearner) {
				throw invariant("%s is in Learners, but is not marked as learner", id);
			}
		}
		if (!cfg.voters.isJoint() && cfg.autoLeave) {
			throw new ConfChangeException("AutoLeave must be false when not joint");
		}
	}

	private static ConfChangeException invariant(String format, long id) {
		return new ConfChangeException(String.format(format, Long.toUnsignedString(id)));
	}

	private static Progress progressOf(ProgressMap trk, long id) {
		Progress pr = trk.get(id);
		if (pr == null) {
			throw invariant("no progress for %s", id);
		}
		return pr;
	}

	/** The number of ids in exactly one of the two sets. */
	private static int symdiff(MajorityConfig l, MajorityConfig r) {
		int n = 0;
		for (long id : l) {
			if (!r.contains(id)) {
				n++;
			}
		}
		for (long id : r) {
			if (!l.contains(id)) {
				n++;
			}
		}
		return n;
	}

}
