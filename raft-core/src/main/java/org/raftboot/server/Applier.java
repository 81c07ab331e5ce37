package org.raftboot.server;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.raftboot.node.Node;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.storage.FileStorage;
import org.raftboot.transport.Transport;

/**
 * The apply side of a {@link RaftServer}, confined to its apply thread: feeds committed entries to
 * the {@link StateMachine} and configuration changes to the node and the transport, completes the
 * proposers' futures, restores snapshots and takes them every N applied entries.
 *
 * <p>A snapshot is taken on the apply thread (the state machine's bytes as of the applied index) and
 * written where {@link #writeSnapshotsOn} says, by default on the apply thread too; a server writes
 * it on a thread of its own, so that applying goes on while the file is written and synced. One is
 * written at a time (one due meanwhile is taken once it is done); the log is compacted behind a
 * snapshot only once it is durable.
 *
 * <p>A snapshot's data is the {@link AddressBook}, then the {@link SessionFence}, then the state
 * machine's bytes, so that a replica installing it learns where its peers are and which late
 * proposals to skip.
 */
final class Applier {

	/** What raft is told to apply for a configuration change that is skipped: node id 0, which changes nothing. */
	private static final ConfChangeV2 NO_CHANGE = ConfChangeV2.newBuilder()
		.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(0))
		.build();

	private final RaftServerConfig config;

	private final StateMachine stateMachine;

	private final FileStorage storage;

	private final Transport transport;

	private final Proposals proposals;

	private final ReadBarriers reads;

	private final long session;

	private final AddressBook addresses;

	private final SessionFence fence = new SessionFence();

	private final RaftServerListener listener;

	private final RaftLogger logger;

	/** The peers handed to the transport, with their address. */
	private final Map<Long, InetSocketAddress> linked = new HashMap<>();

	private @Nullable Node node;

	private ConfState confState;

	private volatile long applied;

	private volatile long snapshotIndex;

	private volatile long snapshotsReceived;

	private volatile long snapshotsTaken;

	private boolean membershipChangedSinceSnapshot;

	/** Where the last snapshot allows the log to be compacted to (0: nowhere yet). */
	private long compactTo;

	/** Runs the writes of the snapshots taken. */
	private Executor snapshotWrites = Runnable::run;

	/** Runs a task on the apply thread: how a written snapshot is reported back. */
	private Executor applyThread = Runnable::run;

	/** Whether a snapshot taken is being written. */
	private boolean writingSnapshot;

	/**
	 * The applied index raft has stepped (its {@code MsgStorageApplyResp}), set from the node's loop.
	 * The log is never compacted past it, which is etcd's storage contract: raft may still read the
	 * entries after its own applied index, for instance to look for configuration changes before it
	 * campaigns, and a compacted one would make it panic.
	 */
	private volatile long raftApplied;

	Applier(RaftServerConfig config, StateMachine stateMachine, FileStorage storage, Transport transport,
			Proposals proposals, ReadBarriers reads, long session, AddressBook addresses, RaftServerListener listener) {
		this.config = config;
		this.stateMachine = stateMachine;
		this.storage = storage;
		this.transport = transport;
		this.proposals = proposals;
		this.reads = reads;
		this.session = session;
		this.addresses = addresses;
		this.listener = listener;
		this.logger = config.logger();
		this.confState = storage.initialState().confState();
		Snapshot snapshot = storage.snapshot();
		if (snapshot.getMetadata().getIndex() != 0) {
			restore(snapshot);
		}
		addPeers(this.addresses.asMap());
		this.raftApplied = this.applied;
	}

	void attach(Node node) {
		this.node = node;
	}

	/**
	 * Writes the snapshots taken from now on with {@code writes}, and reports each back with
	 * {@code applyThread}, which must run its tasks on the apply thread.
	 */
	void writeSnapshotsOn(Executor writes, Executor applyThread) {
		this.snapshotWrites = writes;
		this.applyThread = applyThread;
	}

	long applied() {
		return this.applied;
	}

	long snapshotIndex() {
		return this.snapshotIndex;
	}

	/** How many snapshots received from a leader were installed. */
	long snapshotsReceived() {
		return this.snapshotsReceived;
	}

	/** How many snapshots this replica took of its own state machine. */
	long snapshotsTaken() {
		return this.snapshotsTaken;
	}

	/** Installs a snapshot the node received from the leader (already persisted). */
	void install(Snapshot snapshot) {
		restore(snapshot);
		this.proposals.coveredBySnapshot(this.fence.highest(this.session));
		this.snapshotsReceived++;
	}

	private void restore(Snapshot snapshot) {
		try (InputStream in = this.storage.openSnapshotData()) {
			AddressBook book = AddressBook.readFrom(in);
			this.fence.restore(in);
			this.stateMachine.restore(in);
			this.addresses.putAll(book);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot restore the state machine from snapshot at "
					+ Long.toUnsignedString(snapshot.getMetadata().getIndex()), ex);
		}
		this.confState = snapshot.getMetadata().getConfState();
		this.applied = snapshot.getMetadata().getIndex();
		this.snapshotIndex = this.applied;
		this.membershipChangedSinceSnapshot = false;
		addPeers(this.addresses.asMap());
		this.reads.onApplied(this.applied);
	}

	/**
	 * Applies committed entries (all on disk already: raft hands out only stable ones with async
	 * storage writes), then takes a snapshot if one is due.
	 */
	void apply(List<Entry> committed) {
		compactLog();
		for (int i = 0, n = committed.size(); i < n; i++) {
			Entry e = committed.get(i);
			if (Long.compareUnsigned(e.getIndex(), this.applied) <= 0) {
				continue;
			}
			switch (e.getType()) {
				case EntryConfChange -> {
					ConfChange cc = (ConfChange) parse(e, true);
					applyConfChange(e, cc, ConfChanges.asV2(cc));
				}
				case EntryConfChangeV2 -> {
					ConfChangeV2 cc = (ConfChangeV2) parse(e, false);
					applyConfChange(e, cc, cc);
				}
				default -> applyNormal(e);
			}
			this.applied = e.getIndex();
		}
		this.reads.onApplied(this.applied);
		snapshotIfDue();
	}

	/** Raft stepped the response to the apply of entries up to {@code index} (from the node's loop). */
	void raftApplied(long index) {
		this.raftApplied = index;
	}

	private void compactLog() {
		long known = this.raftApplied;
		long to = (Long.compareUnsigned(this.compactTo, known) < 0) ? this.compactTo : known;
		if (to > 0 && Long.compareUnsigned(to, this.storage.firstIndex()) >= 0) {
			try {
				this.storage.compact(to);
			}
			catch (StorageException.Compacted ex) {
				// A snapshot received from the leader replaced the log meanwhile.
			}
		}
	}

	private void applyNormal(Entry e) {
		ByteString data = e.getData();
		if (data.isEmpty()) {
			return;
		}
		Envelope.check(data);
		if (!this.fence.admit(Envelope.session(data), Envelope.seq(data))) {
			this.logger.infof("%x skips the entry at index %s: proposal %s of session %x, reported dropped",
					this.config.nodeId(), Long.toUnsignedString(e.getIndex()), Long.toUnsignedString(Envelope.seq(data)),
					Envelope.session(data));
			return;
		}
		Object result = this.stateMachine.apply(new CommittedEntry(e.getIndex(), e.getTerm(), Envelope.payload(data)));
		// Visible before the proposer's future completes: a status asked for right after sees it.
		this.applied = e.getIndex();
		if (Envelope.session(data) == this.session) {
			this.proposals.applied(Envelope.seq(data), new Applied(e.getIndex(), e.getTerm(), result));
		}
	}

	private void applyConfChange(Entry e, MessageLite cc, ConfChangeV2 asV2) {
		ByteString context = asV2.getContext();
		Node raft = Objects.requireNonNull(this.node, "attached");
		if (Envelope.isWrapped(context) && Envelope.session(context) != Envelope.BOOTSTRAP_SESSION
				&& !this.fence.admit(Envelope.session(context), Envelope.seq(context))) {
			// A late copy of a change its proposer made again, or followed with another, since: applied
			// now it could undo a later change already acknowledged. Raft applies a change of nothing.
			// (The bootstrap's changes, one per initial member, all share one session and number.)
			this.confState = raft.applyConfChange(NO_CHANGE).join();
			this.logger.infof("%x skips the configuration change at index %s: proposal %s of session %x, superseded",
					this.config.nodeId(), Long.toUnsignedString(e.getIndex()), Long.toUnsignedString(Envelope.seq(context)),
					Envelope.session(context));
			this.applied = e.getIndex();
			return;
		}
		this.confState = raft.applyConfChange(cc).join();
		this.membershipChangedSinceSnapshot = true;
		List<ConfChangeSingle> changes = asV2.getChangesList();
		AddressBook book = Envelope.isWrapped(context) ? AddressBook.decode(Envelope.payload(context)) : new AddressBook();
		for (ConfChangeSingle change : changes) {
			long id = change.getNodeId();
			if (change.getType() == ConfChangeType.ConfChangeRemoveNode) {
				this.addresses.remove(id);
				if (id != this.config.nodeId()) {
					this.linked.remove(id);
					this.transport.removePeer(id);
				}
				else {
					this.logger.infof("%x removed from group %x at index %s", id, this.config.groupId(),
							Long.toUnsignedString(e.getIndex()));
				}
			}
			else {
				InetSocketAddress address = book.get(id);
				if (address != null) {
					this.addresses.put(id, address);
					addPeers(Map.of(id, address));
				}
			}
		}
		this.listener.onConfChangeApplied(e.getIndex(), e.getTerm(), asV2, this.confState);
		this.applied = e.getIndex();
		if (Envelope.isWrapped(context) && Envelope.session(context) == this.session) {
			this.proposals.applied(Envelope.seq(context), new Applied(e.getIndex(), e.getTerm(), this.confState));
		}
	}

	/**
	 * Takes a snapshot if one is due and none is being written, and has it written. The stored commit
	 * index is raised to the applied one first: the storage thread does not write a hard state that
	 * only moves the commit index, and a snapshot ahead of the stored commit index would make a
	 * restart find the hard state behind it.
	 */
	private void snapshotIfDue() {
		long index = this.applied;
		// Once a snapshot exists the log may be compacted, and a member added since can only catch up
		// from a snapshot whose configuration lists it: take one now rather than at the next period.
		boolean membershipOutdated = this.membershipChangedSinceSnapshot && this.snapshotIndex != 0;
		if (this.writingSnapshot
				|| (index - this.snapshotIndex < this.config.snapshotEntries() && !membershipOutdated)) {
			return;
		}
		if (Long.compareUnsigned(index, this.storage.snapshot().getMetadata().getIndex()) <= 0) {
			// The storage holds a newer snapshot, received from the leader, whose install is queued.
			return;
		}
		this.membershipChangedSinceSnapshot = false;
		this.storage.raiseCommit(index);
		// Collected in chunks and handed over without the two whole copies of a byte array stream.
		ByteString.Output bytes = ByteString.newOutput();
		try {
			DataOutputStream out = new DataOutputStream(bytes);
			this.addresses.writeTo(out);
			this.fence.writeTo(out);
			this.stateMachine.snapshot(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot snapshot the state machine at " + Long.toUnsignedString(index), ex);
		}
		ByteString data = bytes.toByteString();
		ConfState cs = this.confState;
		this.writingSnapshot = true;
		this.snapshotWrites.execute(() -> {
			boolean written;
			try {
				this.storage.createSnapshot(index, cs, data);
				written = true;
			}
			catch (StorageException.SnapshotOutOfDate ex) {
				// A snapshot received from the leader was stored meanwhile; its install is queued.
				written = false;
			}
			boolean taken = written;
			this.applyThread.execute(() -> snapshotWritten(index, taken));
		});
	}

	/**
	 * A snapshot taken at {@code index} is durable ({@code written}) or was superseded; on the apply
	 * thread. One that fell due meanwhile is taken now, not at the next apply: a member added while
	 * the write ran can only catch up from a snapshot whose configuration lists it, and an idle group
	 * may apply nothing more.
	 */
	private void snapshotWritten(long index, boolean written) {
		this.writingSnapshot = false;
		if (written && Long.compareUnsigned(index, this.snapshotIndex) > 0) {
			this.snapshotIndex = index;
			this.snapshotsTaken++;
			this.compactTo = Math.max(0, index - this.config.snapshotKeepEntries());
			// At once: a replica that applies nothing more for a while would otherwise keep the whole log.
			compactLog();
		}
		snapshotIfDue();
	}

	/** Gives the transport the peers it does not know yet at that address (a change reconnects). */
	private void addPeers(Map<Long, InetSocketAddress> peers) {
		peers.forEach((id, address) -> {
			if (id != this.config.nodeId() && !address.equals(this.linked.put(id, address))) {
				this.transport.addPeer(id, address);
			}
		});
	}

	private static MessageLite parse(Entry e, boolean v1) {
		try {
			return v1 ? ConfChange.parseFrom(e.getData()) : ConfChangeV2.parseFrom(e.getData());
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException("Malformed configuration change at index " + Long.toUnsignedString(e.getIndex()), ex);
		}
	}
}
