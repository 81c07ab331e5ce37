package org.raftboot.server;

import java.util.Arrays;

import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;

/**
 * The listeners of one {@link RaftServer} as one: an array replaced on registration (rare) so that a
 * call from the storage or apply thread iterates without allocating.
 */
final class Listeners implements RaftServerListener {

	private volatile RaftServerListener[] all = new RaftServerListener[0];

	synchronized void add(RaftServerListener listener) {
		RaftServerListener[] grown = Arrays.copyOf(this.all, this.all.length + 1);
		grown[grown.length - 1] = listener;
		this.all = grown;
	}

	@Override
	public void onConfChangeApplied(long index, long term, ConfChangeV2 change, ConfState confState) {
		for (RaftServerListener l : this.all) {
			l.onConfChangeApplied(index, term, change, confState);
		}
	}

	@Override
	public void onLeaderChanged(long term, long oldLeader, long newLeader) {
		for (RaftServerListener l : this.all) {
			l.onLeaderChanged(term, oldLeader, newLeader);
		}
	}

	@Override
	public void onRoleChanged(long term, StateType oldRole, StateType newRole) {
		for (RaftServerListener l : this.all) {
			l.onRoleChanged(term, oldRole, newRole);
		}
	}

	@Override
	public void onPersisted(long nanos, int entries) {
		for (RaftServerListener l : this.all) {
			l.onPersisted(nanos, entries);
		}
	}
}
