package org.raftboot.raft.quorum;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Two majority configurations that must both agree (etcd's {@code quorum.JointConfig}): the
 * incoming one and, while a membership change is in progress, the outgoing one. Outside of a joint
 * change the outgoing half is empty, and an empty half agrees with everything.
 */
public final class JointConfig {

	private final MajorityConfig incoming;

	private final MajorityConfig outgoing;

	public JointConfig() {
		this(new MajorityConfig(), new MajorityConfig());
	}

	public JointConfig(MajorityConfig incoming, MajorityConfig outgoing) {
		this.incoming = incoming;
		this.outgoing = outgoing;
	}

	/** The new configuration (etcd's {@code Voters[0]}), mutable in place. */
	public MajorityConfig incoming() {
		return this.incoming;
	}

	/** The old configuration while joint (etcd's {@code Voters[1]}), empty otherwise; mutable. */
	public MajorityConfig outgoing() {
		return this.outgoing;
	}

	public boolean isJoint() {
		return !this.outgoing.isEmpty();
	}

	/** Every voter of either half, ascending (unsigned). */
	public SortedSet<Long> ids() {
		SortedSet<Long> ids = new TreeSet<>(Long::compareUnsigned);
		this.incoming.forEach(ids::add);
		this.outgoing.forEach(ids::add);
		return ids;
	}

	public JointConfig copy() {
		return new JointConfig(this.incoming.copy(), this.outgoing.copy());
	}

	/** The largest index both halves committed: the unsigned minimum of the two. */
	public long committedIndex(AckedIndexer l) {
		long idx0 = this.incoming.committedIndex(l);
		long idx1 = this.outgoing.committedIndex(l);
		return (Long.compareUnsigned(idx0, idx1) < 0) ? idx0 : idx1;
	}

	/** Won only if both halves won; lost as soon as either half lost; pending otherwise. */
	public VoteResult voteResult(Map<Long, Boolean> votes) {
		VoteResult r1 = this.incoming.voteResult(votes);
		VoteResult r2 = this.outgoing.voteResult(votes);
		if (r1 == r2) {
			return r1;
		}
		if (r1 == VoteResult.VoteLost || r2 == VoteResult.VoteLost) {
			return VoteResult.VoteLost;
		}
		return VoteResult.VotePending;
	}

	/** {@link MajorityConfig#describe} of the union of both halves. */
	public String describe(AckedIndexer l) {
		MajorityConfig union = new MajorityConfig();
		ids().forEach(union::add);
		return union.describe(l);
	}

	/** {@code (1 2 3)} or, while joint, {@code (1 2 3)&&(1 2)}. */
	@Override
	public String toString() {
		return isJoint() ? this.incoming + "&&" + this.outgoing : this.incoming.toString();
	}

}
