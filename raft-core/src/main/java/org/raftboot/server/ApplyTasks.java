package org.raftboot.server;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.raftboot.node.Node;
import org.raftboot.raft.ReadState;
import org.raftboot.raft.SoftState;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.Snapshot;

/**
 * What the apply thread of a {@link RaftServer} does with what the node's loop and the storage thread
 * queue for it, in their order: changes of leader and role go to the listener (with the term of the
 * Ready that made them); read states go to the read barriers (and the lease); committed entries, all
 * on disk, go to the {@link Applier}, after which raft is told they are applied (its
 * {@code MsgStorageApplyResp}) and a lease-based server's {@link LeaderLease} learns the applied
 * index; a snapshot stored by the storage thread is restored. Confined to the apply thread.
 */
final class ApplyTasks {

	private final Node node;

	private final Applier applier;

	private final ReadBarriers reads;

	private final @Nullable LeaderLease lease;

	private final RaftServerListener listener;

	private final ReceivedSnapshots received;

	private long lead;

	private StateType role = StateType.StateFollower;

	ApplyTasks(Node node, Applier applier, ReadBarriers reads, @Nullable LeaderLease lease,
			RaftServerListener listener, ReceivedSnapshots received) {
		this.node = node;
		this.applier = applier;
		this.reads = reads;
		this.lease = lease;
		this.listener = listener;
		this.received = received;
	}

	/** Runs a batch of tasks of the apply thread. */
	static void runAll(List<Runnable> tasks) {
		for (int i = 0, n = tasks.size(); i < n; i++) {
			tasks.get(i).run();
		}
	}

	void changeSoftState(long term, SoftState soft) {
		long oldLead = this.lead;
		StateType oldRole = this.role;
		this.lead = soft.lead();
		this.role = soft.raftState();
		if (oldRole != this.role) {
			this.listener.onRoleChanged(term, oldRole, this.role);
		}
		if (oldLead != this.lead) {
			this.listener.onLeaderChanged(term, oldLead, this.lead);
		}
	}

	void readStates(List<ReadState> readStates) {
		for (int i = 0, n = readStates.size(); i < n; i++) {
			ReadState rs = readStates.get(i);
			if (this.lease != null) {
				this.lease.onReadState(rs.requestCtx());
			}
			this.reads.onReadState(rs.requestCtx(), rs.index());
		}
	}

	/** Applies a {@code MsgStorageApply}'s entries, then steps its response into the node. */
	void apply(Message storageApply) {
		List<Entry> entries = storageApply.getEntriesList();
		this.applier.apply(entries);
		long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).getIndex();
		List<Message> responses = storageApply.getResponsesList();
		for (int i = 0, n = responses.size(); i < n; i++) {
			this.node.step(responses.get(i)).thenRun(() -> this.applier.raftApplied(last));
		}
		afterApply();
	}

	/** Restores the state machine from a snapshot the storage thread stored. */
	void install(Snapshot snapshot) {
		this.applier.install(snapshot);
		afterApply();
	}

	private void afterApply() {
		if (this.lease != null) {
			this.lease.afterApply(this.applier.applied());
		}
		if (!this.received.isEmpty()) {
			this.received.discardUpTo(this.applier.applied());
		}
	}
}
