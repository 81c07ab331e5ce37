package org.raftboot.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.raftboot.node.Node;
import org.raftboot.node.NodeStoppedException;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.ReadState;
import org.raftboot.raft.Ready;
import org.raftboot.raft.SoftState;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.FileStorage;

/**
 * The apply thread of a {@link RaftServer}: takes each Ready from the node and handles it in etcd's
 * order, then advances. Blocks while the node has nothing to say, so an idle server costs nothing.
 * <ol>
 * <li>As leader, sends the messages that need no durability first, so followers write in parallel
 * with the leader's own disk write (Raft thesis 10.2.1). Votes and append acknowledgements
 * ({@code MsgAppResp}, {@code MsgVoteResp}, {@code MsgPreVoteResp}: raft queues them after the
 * append) are promises about the disk and always wait for it; a follower sends everything after.</li>
 * <li>Applies the committed entries that earlier Readys already put on disk (their proposers need
 * not wait for this Ready's sync), without taking a snapshot yet.</li>
 * <li>Persists entries, hard state and snapshot with one sync ({@link FileStorage#save}), timed for
 * {@link RaftServerListener#onPersisted}, and restores the state machine from a received snapshot. A
 * Ready that only moves the commit index ({@code mustSync} false) is written without a sync, as
 * etcd does.</li>
 * <li>Sends the remaining messages.</li>
 * <li>Hands read states to the read barriers, applies the other committed entries (those of this
 * Ready's own write), takes a snapshot if one is due (never ahead of the persisted commit index),
 * advances.</li>
 * </ol>
 * Changes of leader or role (the Ready's soft state) go to the listener first, with the term of the
 * Ready's hard state. A lease-based server's {@link LeaderLease} sees each Ready before its messages
 * leave, its read states, and the applied index after it.
 */
final class ReadyLoop implements Runnable {

	private final Node node;

	private final FileStorage storage;

	private final Outbox outbox;

	private final long groupId;

	private final Applier applier;

	private final ReadBarriers reads;

	private final @Nullable LeaderLease lease;

	private final RaftServerListener listener;

	private final RaftLogger logger;

	private final ReceivedSnapshots received;

	private final List<Message> later = new ArrayList<>();

	private long term;

	private long lead;

	private StateType role = StateType.StateFollower;

	ReadyLoop(Node node, FileStorage storage, Outbox outbox, long groupId, Applier applier, ReadBarriers reads,
			@Nullable LeaderLease lease, RaftServerListener listener, RaftLogger logger, ReceivedSnapshots received) {
		this.node = node;
		this.storage = storage;
		this.outbox = outbox;
		this.groupId = groupId;
		this.applier = applier;
		this.reads = reads;
		this.lease = lease;
		this.listener = listener;
		this.logger = logger;
		this.received = received;
		this.term = storage.initialState().hardState().getTerm();
	}

	@Override
	public void run() {
		try {
			Ready rd = this.node.ready().join();
			while (true) {
				handle(rd);
				rd = this.node.advanceAndNextReady().join();
			}
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof NodeStoppedException)) {
				fail(ex.getCause());
			}
		}
		catch (NodeStoppedException ex) {
			// closed
		}
		catch (RuntimeException | Error ex) {
			fail(ex);
		}
	}

	private void fail(Throwable ex) {
		this.logger.errorf("raft server %x of group %x stopped: %s", this.node.id(), this.groupId, ex);
		this.node.stop();
	}

	private void handle(Ready rd) {
		HardState hs = rd.hardState();
		boolean hasHardState = !hs.equals(HardState.getDefaultInstance());
		if (hasHardState) {
			this.term = hs.getTerm();
		}
		SoftState soft = rd.softState();
		if (soft != null) {
			changeSoftState(soft);
		}
		if (this.lease != null) {
			this.lease.beforeSend(this.term, this.role == StateType.StateLeader, hasHardState ? hs.getCommit() : 0,
					rd.committedEntries());
		}
		send(rd.messages(), this.role != StateType.StateLeader);
		Snapshot snapshot = rd.snapshot();
		boolean hasSnapshot = snapshot.getMetadata().getIndex() != 0;
		List<Entry> committed = rd.committedEntries();
		int persisted = hasSnapshot ? 0 : persistedPrefix(committed);
		if (persisted > 0) {
			this.applier.applyOnly(committed.subList(0, persisted));
		}
		if (hasSnapshot || !rd.entries().isEmpty() || rd.mustSync()) {
			long start = System.nanoTime();
			save(hs, rd.entries(), snapshot);
			this.listener.onPersisted(System.nanoTime() - start, rd.entries().size());
		}
		else if (hasHardState) {
			this.storage.saveUnsynced(hs);
		}
		if (hasSnapshot) {
			this.applier.install(snapshot);
		}
		if (!this.later.isEmpty()) {
			this.outbox.send(this.later);
			this.later.clear();
		}
		List<ReadState> readStates = rd.readStates();
		for (int i = 0, n = readStates.size(); i < n; i++) {
			if (this.lease != null) {
				this.lease.onReadState(readStates.get(i).requestCtx());
			}
			this.reads.onReadState(readStates.get(i).requestCtx(), readStates.get(i).index());
		}
		this.applier.apply(committed.subList(persisted, committed.size()));
		if (this.lease != null) {
			this.lease.afterApply(this.applier.applied());
		}
		if (!this.received.isEmpty()) {
			this.received.discardUpTo(this.applier.applied());
		}
	}

	/** Persists the Ready; the data of a snapshot received into a file goes from that file to the storage's. */
	private void save(HardState hs, List<Entry> entries, Snapshot snapshot) {
		long index = snapshot.getMetadata().getIndex();
		Path data = (index == 0) ? null : this.received.file(index);
		if (data == null) {
			this.storage.save(hs, entries, snapshot);
		}
		else {
			this.storage.save(hs, entries, snapshot, data);
		}
	}

	/**
	 * How many of the committed entries are on disk already (from earlier Readys): those are applied
	 * while this Ready's writes are synced, so that their proposers do not wait for one more sync.
	 * Committed entries are never replaced, so an index within the stored log is the entry itself.
	 */
	private int persistedPrefix(List<Entry> committed) {
		long last = this.storage.lastIndex();
		int n = 0;
		while (n < committed.size() && Long.compareUnsigned(committed.get(n).getIndex(), last) <= 0) {
			n++;
		}
		return n;
	}

	private void changeSoftState(SoftState soft) {
		long oldLead = this.lead;
		StateType oldRole = this.role;
		this.lead = soft.lead();
		this.role = soft.raftState();
		if (oldRole != this.role) {
			this.listener.onRoleChanged(this.term, oldRole, this.role);
		}
		if (oldLead != this.lead) {
			this.listener.onLeaderChanged(this.term, oldLead, this.lead);
		}
	}

	/** Sends now what needs no durability (as leader), keeping the rest in {@link #later}. */
	private void send(List<Message> messages, boolean allLater) {
		if (allLater) {
			this.later.addAll(messages);
			return;
		}
		int durable = 0;
		for (int i = 0, n = messages.size(); i < n; i++) {
			if (needsDurability(messages.get(i).getType())) {
				durable++;
			}
		}
		if (durable == 0) {
			if (!messages.isEmpty()) {
				this.outbox.send(messages);
			}
			return;
		}
		List<Message> now = new ArrayList<>(messages.size() - durable);
		for (int i = 0, n = messages.size(); i < n; i++) {
			Message m = messages.get(i);
			(needsDurability(m.getType()) ? this.later : now).add(m);
		}
		if (!now.isEmpty()) {
			this.outbox.send(now);
		}
	}


	private static boolean needsDurability(MessageType type) {
		return type == MessageType.MsgAppResp || type == MessageType.MsgVoteResp || type == MessageType.MsgPreVoteResp;
	}
}
