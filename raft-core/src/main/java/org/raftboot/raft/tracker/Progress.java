package org.raftboot.raft.tracker;

import org.jspecify.annotations.Nullable;

/**
 * The leader's view of one follower (etcd's {@code tracker.Progress}): how far its log matches,
 * what to send next, and the flow-control state that decides whether anything may be sent now.
 * Fields are public and mutable, as in etcd, because the leader updates them on every message.
 * All indexes are unsigned.
 */
public final class Progress {

	/** The highest index known to be replicated on the follower. */
	public long match;

	/** The index of the next entry to send; always greater than {@link #match}. */
	public long next;

	/** The highest commit index sent to the follower. */
	public long sentCommit;

	/** While in {@link ProgressState#StateSnapshot}: the index of the snapshot being sent. */
	public long pendingSnapshot;

	public ProgressState state = ProgressState.StateProbe;

	/** Whether the follower was heard from recently (reset by the leader's check-quorum). */
	public boolean recentActive;

	/** Whether sending appends is paused by the flow control of the current state. */
	public boolean msgAppFlowPaused;

	public boolean isLearner;

	/** The unacknowledged appends; set by whoever creates the progress. */
	public @Nullable Inflights inflights;

	public Progress() {
	}

	/** Moves to {@code state}, clearing the pause, the pending snapshot and the inflights. */
	public void resetState(ProgressState state) {
		this.msgAppFlowPaused = false;
		this.pendingSnapshot = 0;
		this.state = state;
		inflights().reset();
	}

	/**
	 * Starts probing from just after the match, or after the pending snapshot when leaving
	 * {@link ProgressState#StateSnapshot} (the snapshot may have been applied meanwhile).
	 */
	public void becomeProbe() {
		if (this.state == ProgressState.StateSnapshot) {
			long snapshot = this.pendingSnapshot;
			resetState(ProgressState.StateProbe);
			this.next = umax(this.match + 1, snapshot + 1);
		}
		else {
			resetState(ProgressState.StateProbe);
			this.next = this.match + 1;
		}
		this.sentCommit = umin(this.sentCommit, this.next - 1);
	}

	public void becomeReplicate() {
		resetState(ProgressState.StateReplicate);
		this.next = this.match + 1;
	}

	/** Waits for the snapshot at {@code snapshoti} to be applied by the follower. */
	public void becomeSnapshot(long snapshoti) {
		resetState(ProgressState.StateSnapshot);
		this.pendingSnapshot = snapshoti;
		this.next = snapshoti + 1;
		this.sentCommit = snapshoti;
	}

	/**
	 * Accounts for an append of {@code entries} entries and {@code bytes} payload bytes just sent:
	 * advances {@link #next} optimistically when replicating, and pauses as the flow control says.
	 * @throws IllegalStateException in {@link ProgressState#StateSnapshot}, where nothing is sent
	 */
	public void sentEntries(int entries, long bytes) {
		switch (this.state) {
			case StateReplicate -> {
				if (entries > 0) {
					this.next += entries;
					inflights().add(this.next - 1, bytes);
				}
				this.msgAppFlowPaused = inflights().full();
			}
			case StateProbe -> {
				if (entries > 0) {
					this.msgAppFlowPaused = true;
				}
			}
			default -> throw new IllegalStateException("sending append in unhandled state " + this.state);
		}
	}

	/**
	 * Whether an empty append may be sent just to tell the follower about commit index
	 * {@code index}: the follower has not been told about it, and it may hold entries to commit.
	 */
	public boolean canBumpCommit(long index) {
		return Long.compareUnsigned(index, this.sentCommit) > 0
				&& Long.compareUnsigned(this.sentCommit, this.next - 1) < 0;
	}

	/** Records that {@code commit} was sent to the follower. */
	public void sentCommit(long commit) {
		this.sentCommit = commit;
	}

	/**
	 * Handles an acknowledgement of index {@code n}; returns false if it was stale. Unpauses the flow
	 * on progress.
	 */
	public boolean maybeUpdate(long n) {
		if (Long.compareUnsigned(n, this.match) <= 0) {
			return false;
		}
		this.match = n;
		this.next = umax(this.next, n + 1);
		this.msgAppFlowPaused = false;
		return true;
	}

	/**
	 * Handles a rejection of the append at {@code rejected}, with the follower's hint
	 * {@code matchHint} of where its log may match; returns false if the rejection is stale.
	 */
	public boolean maybeDecrTo(long rejected, long matchHint) {
		if (this.state == ProgressState.StateReplicate) {
			if (Long.compareUnsigned(rejected, this.match) <= 0) {
				return false;
			}
			this.next = this.match + 1;
			this.sentCommit = umin(this.sentCommit, this.next - 1);
			return true;
		}
		if (this.next - 1 != rejected) {
			return false;
		}
		this.next = umax(umin(rejected, matchHint + 1), this.match + 1);
		this.sentCommit = umin(this.sentCommit, this.next - 1);
		this.msgAppFlowPaused = false;
		return true;
	}

	/**
	 * Whether sending to this follower is paused: by the flow control when probing or replicating,
	 * always while a snapshot is pending.
	 */
	public boolean isPaused() {
		return switch (this.state) {
			case StateProbe, StateReplicate -> this.msgAppFlowPaused;
			case StateSnapshot -> true;
		};
	}

	/** A copy of the fields sharing the same {@link Inflights} (what a configuration change copies). */
	public Progress shallowCopy() {
		Progress copy = new Progress();
		copy.match = this.match;
		copy.next = this.next;
		copy.sentCommit = this.sentCommit;
		copy.pendingSnapshot = this.pendingSnapshot;
		copy.state = this.state;
		copy.recentActive = this.recentActive;
		copy.msgAppFlowPaused = this.msgAppFlowPaused;
		copy.isLearner = this.isLearner;
		copy.inflights = this.inflights;
		return copy;
	}

	/** A copy that owns a copy of the {@link Inflights} too (what a status snapshot needs). */
	public Progress deepCopy() {
		Progress copy = shallowCopy();
		if (this.inflights != null) {
			copy.inflights = this.inflights.copy();
		}
		return copy;
	}

	/**
	 * etcd's form, e.g. {@code StateReplicate match=3 next=4 learner paused pendingSnap=2 inactive
	 * inflight=1[full]}.
	 */
	@Override
	public String toString() {
		StringBuilder buf = new StringBuilder();
		buf.append(this.state).append(" match=").append(Long.toUnsignedString(this.match))
			.append(" next=").append(Long.toUnsignedString(this.next));
		if (this.isLearner) {
			buf.append(" learner");
		}
		if (isPaused()) {
			buf.append(" paused");
		}
		if (this.pendingSnapshot != 0) {
			buf.append(" pendingSnap=").append(Long.toUnsignedString(this.pendingSnapshot));
		}
		if (!this.recentActive) {
			buf.append(" inactive");
		}
		int inflight = inflights().count();
		if (inflight > 0) {
			buf.append(" inflight=").append(inflight);
			if (inflights().full()) {
				buf.append("[full]");
			}
		}
		return buf.toString();
	}

	private Inflights inflights() {
		Inflights in = this.inflights;
		if (in == null) {
			throw new IllegalStateException("progress has no inflights");
		}
		return in;
	}

	private static long umax(long a, long b) {
		return (Long.compareUnsigned(a, b) >= 0) ? a : b;
	}

	private static long umin(long a, long b) {
		return (Long.compareUnsigned(a, b) <= 0) ? a : b;
	}

}
