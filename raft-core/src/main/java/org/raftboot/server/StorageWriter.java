package org.raftboot.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.FileStorage;

/**
 * The storage thread of a {@link RaftServer} (etcd's append thread of async storage writes): writes
 * what raft's {@code MsgStorageAppend} messages carry, then delivers their responses, the node's own
 * acknowledgements to the node and the append and vote responses to the peers: a promise about the
 * disk leaves only once it holds. The messages queued while the previous write was syncing are
 * written together with one sync (group commit), so that the disk's latency bounds the rate of syncs,
 * not of proposals.
 *
 * <p>A hard state that only moves the commit index is not written (etcd writes it without a sync):
 * raft needs no commit index back after a restart (it learns it from the leader, and applies again
 * from the last snapshot), and a snapshot raises the stored one first ({@link FileStorage#raiseCommit}).
 * An append that writes nothing, queued while nothing else is, need not wait for this thread at all
 * ({@link #writesNothing}, {@link #idle}): the node's loop delivers its responses itself.
 *
 * <p>A snapshot is written on its own, from the file it was received into when there is one, and its
 * install is queued on the apply thread before raft learns it is stored. Each write is timed for
 * {@link RaftServerListener#onPersisted}, on this thread. Confined to the storage thread, but for
 * {@link #deliver} of an append that writes nothing.
 */
final class StorageWriter implements Consumer<List<Message>> {

	private final long self;

	/** Steps a response into the node. */
	private final Consumer<Message> toNode;

	/** Sends responses to peers (the {@link Outbox}). */
	private final Consumer<List<Message>> toPeers;

	private final FileStorage storage;

	private final ReceivedSnapshots received;

	private final RaftServerListener listener;

	/** Restores the state machine from a stored snapshot, on the apply thread (queued in order). */
	private final Consumer<Snapshot> install;

	/** How many appends this thread has handled, responses delivered: read by the node's loop. */
	private volatile long handled;

	/** Term and vote as last written. */
	private HardState written;

	private final List<Entry> entries = new ArrayList<>();

	private HardState hardState = HardState.getDefaultInstance();

	private int firstPending;

	StorageWriter(long self, Consumer<Message> toNode, Consumer<List<Message>> toPeers, FileStorage storage,
			ReceivedSnapshots received, RaftServerListener listener, Consumer<Snapshot> install) {
		this.self = self;
		this.toNode = toNode;
		this.toPeers = toPeers;
		this.storage = storage;
		this.received = received;
		this.listener = listener;
		this.install = install;
		this.written = storage.initialState().hardState();
	}

	/**
	 * Whether this thread has handled every one of the first {@code submitted} appends queued for it:
	 * their writes are done and their responses delivered.
	 */
	boolean idle(long submitted) {
		return this.handled == submitted;
	}

	/**
	 * Whether an append has nothing to write: no entries, no snapshot, and the same term and vote as
	 * the last append with a hard state ({@code last}), so at most the commit index moves.
	 */
	static boolean writesNothing(Message append, HardState last) {
		return append.getEntriesCount() == 0 && !append.hasSnapshot()
				&& (isEmpty(hardState(append)) || (append.getTerm() == last.getTerm() && append.getVote() == last.getVote()));
	}

	@Override
	public void accept(List<Message> appends) {
		this.firstPending = 0;
		for (int i = 0, n = appends.size(); i < n; i++) {
			Message m = appends.get(i);
			if (m.hasSnapshot()) {
				flush(appends, i);
				writeSnapshot(m);
				deliver(appends.subList(i, i + 1));
				this.firstPending = i + 1;
				continue;
			}
			add(m);
		}
		flush(appends, appends.size());
		this.handled += appends.size();
	}

	/** Merges an append into the pending write: its entries replace any pending ones from their first index on. */
	private void add(Message m) {
		List<Entry> ents = m.getEntriesList();
		if (!ents.isEmpty()) {
			long first = ents.get(0).getIndex();
			int keep = this.entries.size();
			while (keep > 0 && Long.compareUnsigned(this.entries.get(keep - 1).getIndex(), first) >= 0) {
				keep--;
			}
			this.entries.subList(keep, this.entries.size()).clear();
			this.entries.addAll(ents);
		}
		HardState hs = hardState(m);
		if (!isEmpty(hs)) {
			this.hardState = hs;
		}
	}

	/** Writes what is pending (with one sync), if anything more than a commit index; then delivers the responses. */
	private void flush(List<Message> appends, int end) {
		if (end == this.firstPending) {
			return;
		}
		HardState hs = this.hardState;
		boolean moved = !isEmpty(hs) && (hs.getTerm() != this.written.getTerm() || hs.getVote() != this.written.getVote());
		if (!this.entries.isEmpty() || moved) {
			long start = System.nanoTime();
			this.storage.save(hs, this.entries, Snapshot.getDefaultInstance());
			this.listener.onPersisted(System.nanoTime() - start, this.entries.size());
			if (!isEmpty(hs)) {
				this.written = hs;
			}
		}
		this.entries.clear();
		this.hardState = HardState.getDefaultInstance();
		deliver(appends.subList(this.firstPending, end));
		this.firstPending = end;
	}

	private void writeSnapshot(Message m) {
		Snapshot snapshot = m.getSnapshot();
		HardState hs = hardState(m);
		Path data = this.received.file(snapshot.getMetadata().getIndex());
		long start = System.nanoTime();
		if (data == null) {
			this.storage.save(hs, m.getEntriesList(), snapshot);
		}
		else {
			this.storage.save(hs, m.getEntriesList(), snapshot, data);
		}
		this.listener.onPersisted(System.nanoTime() - start, m.getEntriesCount());
		if (!isEmpty(hs)) {
			this.written = hs;
		}
		this.install.accept(snapshot);
	}

	/** Delivers the responses of handled appends: the node's own to the node, the others to the peers. */
	void deliver(List<Message> appends) {
		List<Message> peers = null;
		for (int i = 0, n = appends.size(); i < n; i++) {
			List<Message> responses = appends.get(i).getResponsesList();
			for (int k = 0, r = responses.size(); k < r; k++) {
				Message response = responses.get(k);
				if (response.getTo() == this.self) {
					this.toNode.accept(response);
				}
				else {
					if (peers == null) {
						peers = new ArrayList<>();
					}
					peers.add(response);
				}
			}
		}
		if (peers != null) {
			this.toPeers.accept(peers);
		}
	}

	/** The hard state an append carries (empty when it carries none). */
	static HardState hardState(Message m) {
		if (m.getTerm() == 0 && m.getVote() == 0 && m.getCommit() == 0) {
			return HardState.getDefaultInstance();
		}
		return HardState.newBuilder().setTerm(m.getTerm()).setVote(m.getVote()).setCommit(m.getCommit()).build();
	}

	private static boolean isEmpty(HardState hs) {
		return hs.equals(HardState.getDefaultInstance());
	}
}
