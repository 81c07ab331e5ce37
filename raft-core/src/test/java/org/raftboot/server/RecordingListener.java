package org.raftboot.server;

import java.util.ArrayList;
import java.util.List;

import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;

/**
 * A listener that keeps every callback, and notes configuration changes in its member's state machine
 * journal, so that tests can check their order against the applied entries.
 */
final class RecordingListener implements RaftServerListener {

	record ConfChangeCall(long index, long term, ConfChangeV2 change, ConfState confState, String thread) {
	}

	record LeaderCall(long term, long oldLeader, long newLeader) {
	}

	record RoleCall(long term, StateType oldRole, StateType newRole) {
	}

	record PersistCall(long nanos, int entries) {
	}

	private final RecordingStateMachine stateMachine;

	private final List<ConfChangeCall> confChanges = new ArrayList<>();

	private final List<LeaderCall> leaders = new ArrayList<>();

	private final List<RoleCall> roles = new ArrayList<>();

	private final List<PersistCall> persists = new ArrayList<>();

	RecordingListener(RecordingStateMachine stateMachine) {
		this.stateMachine = stateMachine;
	}

	@Override
	public synchronized void onConfChangeApplied(long index, long term, ConfChangeV2 change, ConfState confState) {
		this.stateMachine.noteConfChange(index);
		this.confChanges.add(new ConfChangeCall(index, term, change, confState, Thread.currentThread().getName()));
	}

	@Override
	public synchronized void onLeaderChanged(long term, long oldLeader, long newLeader) {
		this.leaders.add(new LeaderCall(term, oldLeader, newLeader));
	}

	@Override
	public synchronized void onRoleChanged(long term, StateType oldRole, StateType newRole) {
		this.roles.add(new RoleCall(term, oldRole, newRole));
	}

	@Override
	public synchronized void onPersisted(long nanos, int entries) {
		this.persists.add(new PersistCall(nanos, entries));
	}

	synchronized List<ConfChangeCall> confChanges() {
		return List.copyOf(this.confChanges);
	}

	synchronized List<LeaderCall> leaders() {
		return List.copyOf(this.leaders);
	}

	synchronized List<RoleCall> roles() {
		return List.copyOf(this.roles);
	}

	synchronized List<PersistCall> persists() {
		return List.copyOf(this.persists);
	}
}
