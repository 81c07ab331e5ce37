package org.raftboot.server;

import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.ReadState;
import org.raftboot.raft.Ready;
import org.raftboot.raft.SoftState;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;

/**
 * Takes each Ready on the node's loop, as raft's async storage writes mean it (etcd's
 * {@code AsyncStorageWrites}): a lease-based server's {@link LeaderLease} sees the Ready first; the
 * messages to peers leave at once (a leader's appends go out before its own write, Raft thesis
 * 10.2.1: raft holds back every promise about the disk as a response of the append); the
 * {@code MsgStorageAppend} goes to the storage thread (or, when it writes nothing and that thread is
 * idle, has its responses delivered at once) and the {@code MsgStorageApply} to the apply thread, with
 * the Ready's changes of role and its read states before it. Nothing here blocks, and no
 * thread is woken for a Ready that has only messages to send. Confined to the node's loop.
 */
final class ReadyRouter implements Consumer<Ready> {

	private final Outbox outbox;

	private final @Nullable LeaderLease lease;

	private final Worker<Message> storageThread;

	private final StorageWriter storageWriter;

	private final Worker<Runnable> applyThread;

	private final ApplyTasks applyTasks;

	private long term;

	private boolean leader;

	/** Appends handed to the storage thread. */
	private long submitted;

	/** The hard state of the last append with one. */
	private HardState lastHardState;

	ReadyRouter(Outbox outbox, @Nullable LeaderLease lease, Worker<Message> storageThread,
			StorageWriter storageWriter, Worker<Runnable> applyThread, ApplyTasks applyTasks, HardState initial) {
		this.outbox = outbox;
		this.lease = lease;
		this.storageThread = storageThread;
		this.storageWriter = storageWriter;
		this.applyThread = applyThread;
		this.applyTasks = applyTasks;
		this.term = initial.getTerm();
		this.lastHardState = initial;
	}

	@Override
	public void accept(Ready rd) {
		HardState hs = rd.hardState();
		boolean hasHardState = !hs.equals(HardState.getDefaultInstance());
		if (hasHardState) {
			this.term = hs.getTerm();
		}
		SoftState soft = rd.softState();
		if (soft != null) {
			this.leader = soft.raftState() == StateType.StateLeader;
			long t = this.term;
			this.applyThread.submit(() -> this.applyTasks.changeSoftState(t, soft));
		}
		if (this.lease != null) {
			this.lease.beforeSend(this.term, this.leader, hasHardState ? hs.getCommit() : 0, rd.committedEntries());
		}
		List<ReadState> readStates = rd.readStates();
		if (!readStates.isEmpty()) {
			this.applyThread.submit(() -> this.applyTasks.readStates(readStates));
		}
		List<Message> messages = rd.messages();
		// Raft puts its local messages last (the append, then the apply): the peers' are a prefix.
		int peers = messages.size();
		Message append = null;
		Message apply = null;
		while (peers > 0 && isLocal(messages.get(peers - 1))) {
			Message m = messages.get(--peers);
			if (m.getTo() == RaftConstants.LOCAL_APPEND_THREAD) {
				append = m;
			}
			else {
				apply = m;
			}
		}
		List<Message> toPeers = messages.subList(0, peers);
		// The peers' messages first: a leader's appends are on their way before its own write starts.
		if (!toPeers.isEmpty()) {
			this.outbox.send(toPeers);
		}
		if (append != null) {
			route(append);
		}
		if (apply != null) {
			Message storageApply = apply;
			this.applyThread.submit(() -> this.applyTasks.apply(storageApply));
		}
	}

	/**
	 * Hands an append to the storage thread, or, when it writes nothing (at most the commit index
	 * moves) and that thread has handled everything before it, delivers its responses at once: they
	 * promise nothing that is not on disk already, and nobody is woken for them.
	 */
	private void route(Message append) {
		if (StorageWriter.writesNothing(append, this.lastHardState) && this.storageWriter.idle(this.submitted)) {
			this.storageWriter.deliver(List.of(append));
		}
		else {
			this.submitted++;
			this.storageThread.submit(append);
		}
		HardState hs = StorageWriter.hardState(append);
		if (!hs.equals(HardState.getDefaultInstance())) {
			this.lastHardState = hs;
		}
	}

	private static boolean isLocal(Message m) {
		return m.getTo() == RaftConstants.LOCAL_APPEND_THREAD || m.getTo() == RaftConstants.LOCAL_APPLY_THREAD;
	}
}
