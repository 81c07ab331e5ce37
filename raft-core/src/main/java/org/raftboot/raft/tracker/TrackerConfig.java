package org.raftboot.raft.tracker;

import java.util.TreeSet;

import org.raftboot.raft.quorum.JointConfig;
import org.raftboot.raft.quorum.MajorityConfig;

/**
 * The membership a leader replicates to (etcd's {@code tracker.Config}, renamed so that it never
 * clashes with the raft {@code Config}): the voters, possibly joint, and the learners.
 *
 * <p>A voter being demoted while joint cannot be a learner yet (a node may not be both a voter and
 * a learner), so it waits in {@link #learnersNext} until the joint configuration is left.
 */
public final class TrackerConfig {

	public JointConfig voters = new JointConfig();

	/** Whether the joint configuration is left automatically once committed. */
	public boolean autoLeave;

	/** Non-voting members; never null, empty when there are none. */
	public TreeSet<Long> learners = new TreeSet<>(Long::compareUnsigned);

	/** Outgoing voters that become learners when the joint configuration is left; never null. */
	public TreeSet<Long> learnersNext = new TreeSet<>(Long::compareUnsigned);

	public TrackerConfig() {
	}

	/** A deep copy (etcd's {@code Clone}, which also keeps {@link #autoLeave}). */
	public TrackerConfig copy() {
		TrackerConfig copy = new TrackerConfig();
		copy.voters = this.voters.copy();
		copy.autoLeave = this.autoLeave;
		copy.learners.addAll(this.learners);
		copy.learnersNext.addAll(this.learnersNext);
		return copy;
	}

	/** etcd's form, e.g. {@code voters=(1 2)&&(1) learners=(3) learners_next=(2) autoleave}. */
	@Override
	public String toString() {
		StringBuilder buf = new StringBuilder("voters=").append(this.voters);
		if (!this.learners.isEmpty()) {
			buf.append(" learners=").append(asMajorityConfig(this.learners));
		}
		if (!this.learnersNext.isEmpty()) {
			buf.append(" learners_next=").append(asMajorityConfig(this.learnersNext));
		}
		if (this.autoLeave) {
			buf.append(" autoleave");
		}
		return buf.toString();
	}

	private static MajorityConfig asMajorityConfig(TreeSet<Long> ids) {
		return new MajorityConfig(ids.stream().mapToLong(Long::longValue).toArray());
	}

}
