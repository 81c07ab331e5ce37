package org.raftboot.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.raftboot.node.Node;
import org.raftboot.node.NodeStoppedException;
import org.raftboot.raft.Config;
import org.raftboot.raft.Peer;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.raft.SnapshotStatus;
import org.raftboot.raft.StateType;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.Message;
import org.raftboot.storage.FileStorage;
import org.raftboot.transport.MessageHandler;
import org.raftboot.transport.PeerMetrics;
import org.raftboot.transport.SnapshotPayload;
import org.raftboot.transport.Transport;
import org.raftboot.transport.TransportListener;

/**
 * One replica of one Raft group, running: etcd's Ready loop done right, so that users only write a
 * {@link StateMachine}. Build it with {@link #builder(RaftServerConfig)}, then {@link #start()} and
 * {@link #close()}.
 *
 * <p>The node's loop (the algorithm) runs on the transport's event loop when the transport offers one
 * for the group ({@link Transport#executorFor}: a {@code NettyTransport} with one I/O thread), so that
 * an inbound message is stepped, and the messages it causes are written, by the thread that read it;
 * else on a thread of its own. The node runs with etcd's async storage writes: its loop takes each
 * Ready itself ({@link ReadyRouter}), sends the peers' messages at once (a leader's appends before its
 * own write) and hands the write to the storage thread ({@link StorageWriter}: group commit, then the
 * responses that promise durability) and the committed entries to the apply thread
 * ({@link ApplyTasks}), so that writing, replicating and applying overlap; the snapshots the apply
 * thread takes are written by a thread of their own, so that applying goes on meanwhile. On the event loop the
 * server is ticked by that event loop, only when a tick matters (every interval while it leads or has
 * requests pending, else at the follower's election timeout, the ticks between counted from the clock
 * before each inbound message); else one timer thread ticks every server of the JVM. Requests return futures that always end: applied,
 * refused, timed out after {@link RaftServerConfig#requestTimeout()} (proposals and read barriers on
 * the first tick after it, with no timer task per request), or failed with
 * {@link RaftServerClosedException} on close. Futures are completed on the apply thread, the timer
 * thread or the common pool (timeouts, refusals by the node, {@link #status()}), never on the node's
 * loop: a dependent stage must not block (use the {@code *Async} methods to leave it).
 */
public final class RaftServer implements AutoCloseable {

	/** Where the caller's futures that the node's loop decides are completed (not on the loop itself). */
	private static final Executor OFF_LOOP = ForkJoinPool.commonPool();

	/**
	 * What a MsgApp carrying one proposal adds around its data, with room to spare: the message's own
	 * fields, the entry's, and the proposal's {@link Envelope}.
	 */
	public static final int MESSAGE_OVERHEAD = 1024;

	private final RaftServerConfig config;

	/** The largest proposal the transport can carry. */
	private final int maxProposalSize;

	private final FileStorage storage;

	private final Transport transport;

	private final TransportEventRouter events;

	private final boolean closeTransport;

	private final StateMachine stateMachine;

	private final Map<Long, InetSocketAddress> initialPeers;

	private final boolean join;

	private final long session = ThreadLocalRandom.current().nextLong(Envelope.BOOTSTRAP_SESSION + 1, Long.MAX_VALUE);

	private final Proposals proposals = new Proposals();

	private final ConcurrentLinkedQueue<LeaderWaiter> leaderWaiters = new ConcurrentLinkedQueue<>();

	private final Object proposeLock = new Object();

	private final Listeners listeners = new Listeners();

	private final ReceivedSnapshots receivedSnapshots = new ReceivedSnapshots();

	private final TransportListener transportListener = new TransportListener() {
		@Override
		public void onUnreachable(long groupId, long peerId) {
			node().reportUnreachable(peerId);
		}

		@Override
		public void onSnapshotStatus(long groupId, long peerId, boolean success) {
			node().reportSnapshot(peerId, success ? SnapshotStatus.SnapshotFinish : SnapshotStatus.SnapshotFailure);
		}
	};

	private long nextSeq;

	private volatile long leaderId;

	private volatile StateType role = StateType.StateFollower;

	private volatile @Nullable Node node;

	private @Nullable ReadBarriers reads;

	private @Nullable LeaderLease lease;

	private @Nullable Applier applier;

	private @Nullable Worker<Runnable> applyWorker;

	private @Nullable Worker<Message> storageWorker;

	private @Nullable Worker<Runnable> snapshotWorker;

	private @Nullable ScheduledFuture<?> ticker;

	private @Nullable LoopTicker loopTicker;

	private volatile boolean closed;

	private RaftServer(Builder b) {
		this.config = b.config;
		this.storage = Objects.requireNonNull(b.storage, "storage");
		this.transport = Objects.requireNonNull(b.transport, "transport");
		this.maxProposalSize = checkMessageSizes(b.config, this.transport.maxMessageSize());
		this.events = Objects.requireNonNull(b.events, "transport events");
		this.closeTransport = b.closeTransport;
		this.stateMachine = Objects.requireNonNull(b.stateMachine, "stateMachine");
		this.initialPeers = Map.copyOf(b.peers);
		this.join = b.join;
		this.listeners.add(new RaftServerListener() {
			@Override
			public void onRoleChanged(long term, StateType oldRole, StateType newRole) {
				RaftServer.this.role = newRole;
			}

			@Override
			public void onLeaderChanged(long term, long oldLeader, long newLeader) {
				onLeader(newLeader);
			}
		});
		b.listeners.forEach(this.listeners::add);
	}

	/**
	 * The largest proposal the transport can carry: its largest message less what a MsgApp adds around
	 * the data (checked, against {@code maxSizePerMsg}, to leave room for the MsgApps raft batches).
	 */
	private static int checkMessageSizes(RaftServerConfig config, int maxMessageSize) {
		if (maxMessageSize == Integer.MAX_VALUE) {
			return maxMessageSize;
		}
		if (maxMessageSize <= MESSAGE_OVERHEAD) {
			throw new IllegalArgumentException("the transport carries messages of at most " + maxMessageSize
					+ " bytes, which holds no proposal: raise its maximum frame size");
		}
		long fits = largestMaxSizePerMsg(maxMessageSize);
		if (Long.compareUnsigned(config.maxSizePerMsg(), fits) > 0) {
			throw new IllegalArgumentException("maxSizePerMsg (" + Long.toUnsignedString(config.maxSizePerMsg())
					+ " bytes) makes MsgApps of up to 1.5 times its size, but the transport carries messages of at most "
					+ maxMessageSize + " bytes: lower it to " + fits + " or raise the transport's maximum frame size");
		}
		return maxMessageSize - MESSAGE_OVERHEAD;
	}

	/**
	 * The largest {@code maxSizePerMsg} whose MsgApps fit messages of {@code maxMessageSize} bytes: raft
	 * fills one with up to that many bytes of entries, and each entry adds a tag and a length, at most
	 * half its size (an entry has at least 4 bytes), beside {@link #MESSAGE_OVERHEAD}.
	 */
	public static long largestMaxSizePerMsg(long maxMessageSize) {
		return (maxMessageSize - MESSAGE_OVERHEAD) * 2 / 3;
	}

	/** Starts building the replica described by {@code config}. */
	public static Builder builder(RaftServerConfig config) {
		return new Builder(config);
	}

	/**
	 * Restores the state machine from the storage's snapshot, starts the node (bootstrapping a new
	 * cluster of the initial peers, joining one, or restarting from the storage), registers with the
	 * transport (which must be started) and starts ticking.
	 */
	public synchronized void start() {
		if (this.node != null || this.closed) {
			throw new IllegalStateException("RaftServer already " + (this.closed ? "closed" : "started"));
		}
		long groupId = this.config.groupId();
		long period = this.config.tickInterval().toNanos();
		long electionTimeout = period * this.config.electionTick();
		LeaderLease leaderLease = (this.config.readOnlyOption() != ReadOnlyOption.LEASE_BASED) ? null
				: new LeaderLease(System::nanoTime, electionTimeout, period, (ctx) -> node().readIndex(ctx));
		ReadBarriers readBarriers = new ReadBarriers(
				(leaderLease != null) ? leaderLease::startRound : (ctx) -> node().readIndex(ctx), this.config.electionTick(), 0);
		Applier app = new Applier(this.config, this.stateMachine, this.storage, this.transport, this.proposals,
				readBarriers, this.session, new AddressBook(this.initialPeers), this.listeners);
		Config raftConfig = this.config.raftConfig(this.storage, app.applied());
		boolean empty = this.storage.lastIndex() == 0 && this.storage.snapshot().getMetadata().getIndex() == 0;
		ScheduledExecutorService nodeExecutor = this.transport.executorFor(groupId);
		Node started;
		if (!empty) {
			started = Node.restart(raftConfig, nodeExecutor);
		}
		else if (this.join) {
			started = Node.join(raftConfig, nodeExecutor);
		}
		else {
			started = Node.start(raftConfig, bootstrapPeers(), nodeExecutor);
		}
		app.attach(started);
		Outbox outbox = new Outbox(this.storage, this.transport, groupId, leaderLease,
				(peer) -> started.reportSnapshot(peer, SnapshotStatus.SnapshotFailure));
		Consumer<Throwable> fail = (ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (!(cause instanceof NodeStoppedException)) {
				// A node stopped by close() ends the threads waiting on it quietly.
				this.config.logger().errorf("raft server %x of group %x stopped: %s", this.config.nodeId(), groupId, ex);
			}
			started.stop();
		};
		Worker<Runnable> applyWorker = new Worker<>(String.format("raft-apply-%x-%x", groupId, this.config.nodeId()),
				ApplyTasks::runAll, fail);
		ApplyTasks applyTasks = new ApplyTasks(started, app, readBarriers, leaderLease, this.listeners, this.receivedSnapshots);
		StorageWriter writer = new StorageWriter(this.config.nodeId(), started::step, outbox::send, this.storage,
				this.receivedSnapshots, this.listeners, (snapshot) -> applyWorker.submit(() -> applyTasks.install(snapshot)));
		Worker<Message> storageWorker = new Worker<>(String.format("raft-storage-%x-%x", groupId, this.config.nodeId()),
				writer, fail);
		Worker<Runnable> snapshotWorker = new Worker<>(
				String.format("raft-snapshot-%x-%x", groupId, this.config.nodeId()), ApplyTasks::runAll, fail);
		app.writeSnapshotsOn(snapshotWorker::submit, applyWorker::submit);
		this.applyWorker = applyWorker;
		this.storageWorker = storageWorker;
		this.snapshotWorker = snapshotWorker;
		applyWorker.start();
		storageWorker.start();
		snapshotWorker.start();
		started.handleReadysOnLoop(new ReadyRouter(outbox, leaderLease, storageWorker, writer, applyWorker, applyTasks,
				this.storage.initialState().hardState()));
		this.node = started;
		this.reads = readBarriers;
		this.lease = leaderLease;
		this.applier = app;
		this.events.register(groupId, this.transportListener);
		LoopTicker onLoop = (nodeExecutor == null) ? null
				: new LoopTicker(nodeExecutor, started, this.config.tickInterval(), System::nanoTime,
						() -> !this.proposals.isEmpty() || readBarriers.isBusy() || (leaderLease != null && leaderLease.isBusy()),
						(n) -> serverTicks(n, readBarriers, leaderLease));
		MessageHandler inbound = new InboundHandler(started, this.receivedSnapshots,
				(onLoop != null) ? onLoop::catchUp : () -> {
				});
		this.transport.registerHandler(groupId,
				(leaderLease != null) ? new VoteGuard(inbound, System::nanoTime, electionTimeout) : inbound);
		if (onLoop != null) {
			this.loopTicker = onLoop;
			onLoop.start();
			return;
		}
		this.ticker = TickTimer.start(this.config.tickInterval(), () -> {
			started.tick();
			readBarriers.onTick();
			long now = System.nanoTime();
			this.proposals.expire(now);
			readBarriers.expire(now);
			if (leaderLease != null) {
				leaderLease.onTick();
			}
		});
	}

	/**
	 * The server's share of {@code n} ticks given at once on the node's event loop: read rounds to retry,
	 * the lease; expired requests fail off the loop, where their callers' dependent stages may run.
	 */
	private void serverTicks(int n, ReadBarriers readBarriers, @Nullable LeaderLease leaderLease) {
		for (int i = 0; i < n; i++) {
			readBarriers.onTick();
		}
		if (leaderLease != null) {
			leaderLease.onTick();
		}
		long now = System.nanoTime();
		if (this.proposals.hasExpired(now) || readBarriers.hasExpired(now)) {
			OFF_LOOP.execute(() -> {
				this.proposals.expire(now);
				readBarriers.expire(now);
			});
		}
	}

	/** This replica's id. */
	public long id() {
		return this.config.nodeId();
	}

	/** The group this replica belongs to. */
	public long groupId() {
		return this.config.groupId();
	}

	/** The leader this replica knows of, or 0 when none. */
	public long leaderId() {
		return this.leaderId;
	}

	/** Whether this replica currently leads its group (as far as it knows). */
	public boolean isLeader() {
		return this.leaderId == this.config.nodeId();
	}

	/**
	 * Registers a listener after the server was built (for instance by metrics bound late); it sees
	 * the events from its registration on, on the apply thread.
	 */
	public void addListener(RaftServerListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/** How many snapshots this replica received from a leader and installed since it started. */
	public long snapshotsReceived() {
		return applier().snapshotsReceived();
	}

	/** How many snapshots this replica took of its state machine since it started. */
	public long snapshotsTaken() {
		return applier().snapshotsTaken();
	}

	/** The index of the last entry applied to the state machine. */
	public long lastApplied() {
		return applier().applied();
	}

	/**
	 * Proposes {@code data} for the state machine. The future completes once this replica has
	 * applied the entry, with its index, term and the state machine's result. It fails with
	 * {@link NotLeaderException} when this replica may not forward to the leader,
	 * {@link ProposalTooLargeException} when no message of the transport could carry it,
	 * {@link ProposalDroppedException} when raft refused the proposal or it was lost (a later
	 * proposal of this replica was applied first), {@link TimeoutException} (the outcome is then
	 * unknown: the entry may still commit; {@link ProposalOutcomeUnknownException} when this replica
	 * caught up through a snapshot that covers the entry), or {@link RaftServerClosedException}.
	 */
	public CompletableFuture<Applied> propose(byte[] data) {
		CompletableFuture<Applied> result = new CompletableFuture<>();
		if (refusedAsTooLarge(data.length, result)) {
			return result;
		}
		if (this.config.disableProposalForwarding() && !isLeader()) {
			result.completeExceptionally(new NotLeaderException(this.leaderId));
			return result;
		}
		return submit((seq) -> node().propose(Envelope.wrap(this.session, seq, data)), result);
	}

	/**
	 * A linearizable read barrier: completes (with the read index) once this replica has applied
	 * everything committed before the call, as confirmed by the leader (ReadIndex). Works on
	 * followers; concurrent calls share one ReadIndex round. Read the state machine after it
	 * completes.
	 */
	public CompletableFuture<Long> readBarrier() {
		CompletableFuture<Long> read = new CompletableFuture<>();
		if (this.closed) {
			read.completeExceptionally(new RaftServerClosedException());
			return read;
		}
		readBarriers().request(read, System.nanoTime() + this.config.requestTimeout().toNanos());
		failIfClosedMeanwhile(readBarriers()::failAll);
		return read;
	}

	/**
	 * A linearizable read barrier that the leader serves from its lease, with no heartbeat round:
	 * completes (with the read index) once the leader has applied its commit index. The lease lasts
	 * until {@code (electionTick - 1) × tickInterval}, less 10 % for clock drift, after the start of the
	 * last ReadIndex round a quorum answered; steady lease reads renew it in the background. On a
	 * follower, or a leader without a valid lease, this is {@link #readBarrier()} (which renews the
	 * lease on the leader). The lease needs check-quorum and assumes that the members' monotonic
	 * clocks run at rates within that 10 % of each other; it holds through pauses, partitions,
	 * restarts, leadership transfers and membership changes (RELIABILITY.md, "Lease reads").
	 * @throws IllegalStateException unless the server is configured lease-based
	 */
	public CompletableFuture<Long> leaseRead() {
		if (this.config.readOnlyOption() != ReadOnlyOption.LEASE_BASED) {
			throw new IllegalStateException("leaseRead needs readOnlyOption LEASE_BASED");
		}
		LeaderLease l = this.lease;
		if (l != null && !this.closed) {
			CompletableFuture<Long> read = new CompletableFuture<>();
			if (l.serve(read)) {
				// Most lease reads are answered at once; only one that waits for the apply needs a timer.
				return read.isDone() ? read : read.orTimeout(this.config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
			}
		}
		return readBarrier();
	}

	/** Adds a voter at {@code address}; completes when this replica applied the change. */
	public CompletableFuture<Applied> addVoter(long id, InetSocketAddress address) {
		return changeMembership(List.of(change(ConfChangeType.ConfChangeAddNode, id)), Map.of(id, address));
	}

	/** Adds a learner (a non-voting member) at {@code address}. */
	public CompletableFuture<Applied> addLearner(long id, InetSocketAddress address) {
		return changeMembership(List.of(change(ConfChangeType.ConfChangeAddLearnerNode, id)), Map.of(id, address));
	}

	/** Makes a learner a voter. */
	public CompletableFuture<Applied> promoteLearner(long id) {
		return changeMembership(List.of(change(ConfChangeType.ConfChangeAddNode, id)), Map.of());
	}

	/** Removes a member, the leader included (it steps down once the change is applied). */
	public CompletableFuture<Applied> removeMember(long id) {
		return changeMembership(List.of(change(ConfChangeType.ConfChangeRemoveNode, id)), Map.of());
	}

	/**
	 * Changes several members at once, through a joint configuration (left automatically) when more
	 * than one voter changes. {@code addresses} gives the address of each added member. The future
	 * completes with the new {@code ConfState} once this replica applied the change (the entry into
	 * the joint configuration, for a joint change). A change that raft postpones (another one is
	 * pending) is proposed again every {@link RaftServerConfig#confChangeRetryInterval()} until
	 * applied or timed out; each attempt has a sequence number of its own, so a late copy of an
	 * earlier one is skipped by the session fence and never undoes a later change. A change whose
	 * entry no message of the transport could carry (a huge address book) fails at once with
	 * {@link ProposalTooLargeException}.
	 */
	public CompletableFuture<Applied> changeMembership(List<ConfChangeSingle> changes,
			Map<Long, InetSocketAddress> addresses) {
		AddressBook book = new AddressBook(addresses);
		ByteString bookBytes = book.encode();
		CompletableFuture<Applied> result = new CompletableFuture<>();
		if (refusedAsTooLarge(
				ConfChangeV2.newBuilder().addAllChanges(changes).setContext(bookBytes).build().getSerializedSize(), result)) {
			return result;
		}
		result.orTimeout(this.config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
		proposeConfChange(changes, bookBytes, result);
		return result;
	}

	/**
	 * Hands leadership to {@code transferee}; completes when this replica sees it lead, or times out
	 * (raft abandons a transfer that takes longer than an election timeout), or fails with
	 * {@link RaftServerClosedException}.
	 */
	public CompletableFuture<Void> transferLeadership(long transferee) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		if (this.closed) {
			done.completeExceptionally(new RaftServerClosedException());
			return done;
		}
		done.orTimeout(this.config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
		this.leaderWaiters.add(new LeaderWaiter(transferee, done));
		if (this.leaderId == transferee) {
			done.complete(null);
		}
		node().transferLeadership(transferee);
		failIfClosedMeanwhile((closedEx) -> done.completeExceptionally(closedEx));
		return done;
	}

	/**
	 * Makes this replica leader: with no leader known it campaigns at once (an election, as etcd's
	 * {@code Node.campaign}); while another member leads it asks that leader to hand leadership over
	 * once this replica's log is up to date (a campaign against a live leader would be refused under
	 * pre-vote and check-quorum). Completes when this replica sees itself lead; fails after
	 * {@link RaftServerConfig#requestTimeout()} (another member may have won the election) or with
	 * {@link RaftServerClosedException}.
	 */
	public CompletableFuture<Void> campaign() {
		long self = this.config.nodeId();
		long lead = this.leaderId;
		if (lead != 0 && lead != self) {
			return transferLeadership(self);
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		if (this.closed) {
			done.completeExceptionally(new RaftServerClosedException());
			return done;
		}
		done.orTimeout(this.config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
		this.leaderWaiters.add(new LeaderWaiter(self, done));
		if (this.leaderId == self) {
			done.complete(null);
			return done;
		}
		campaignUntilElected(done);
		failIfClosedMeanwhile((closedEx) -> done.completeExceptionally(closedEx));
		return done;
	}

	/**
	 * Campaigns, and again every heartbeat interval while this replica is a follower with no leader:
	 * raft ignores a campaign while configuration changes wait to be applied (right after start, for
	 * instance) and a lost pre-vote returns to follower. An election in progress is left alone.
	 */
	private void campaignUntilElected(CompletableFuture<Void> done) {
		if (done.isDone() || this.closed || this.leaderId != 0) {
			return;
		}
		if (this.role == StateType.StateFollower) {
			node().campaign().whenComplete((ok, error) -> {
				if (error != null) {
					failOffLoop(done, error);
				}
			});
		}
		CompletableFuture.delayedExecutor(this.config.tickInterval().toNanos() * this.config.heartbeatTick(),
				TimeUnit.NANOSECONDS).execute(() -> campaignUntilElected(done));
	}

	/** An immutable picture of this replica for operators. */
	public CompletableFuture<ServerStatus> status() {
		Applier app = applier();
		// Read before raft's status, so that the applied index never exceeds the commit index shown.
		long applied = app.applied();
		long snapshotIndex = app.snapshotIndex();
		return node().status().thenApplyAsync((raft) -> {
			Map<Long, PeerLink> links = new HashMap<>();
			for (PeerMetrics peer : this.transport.metrics().peers().values()) {
				links.put(peer.peerId(), new PeerLink(peer.peerId(), peer.connectionState(), peer.queuedMessages(),
						peer.messagesDropped(), peer.snapshotProgress().filter((p) -> p.groupId() == this.config.groupId())));
			}
			return new ServerStatus(this.config.groupId(), this.config.nodeId(), raft, applied, snapshotIndex, links);
		}, OFF_LOOP);
	}

	/**
	 * Stops the replica: the tick timer, the node, the storage thread, the apply thread and the snapshot
	 * writer (each after the batch in hand), fails what is still pending with
	 * {@link RaftServerClosedException}, closes the storage after its last write, and the transport last
	 * if this server owns it. Idempotent.
	 */
	@Override
	public void close() {
		Node n;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			n = this.node;
		}
		if (n != null) {
			if (this.loopTicker != null) {
				this.loopTicker.stop();
			}
			else {
				TickTimer.stop(Objects.requireNonNull(this.ticker));
			}
			this.transport.unregisterHandler(this.config.groupId());
			this.events.unregister(this.config.groupId(), this.transportListener);
			n.stop();
			Objects.requireNonNull(this.storageWorker).stop();
			Objects.requireNonNull(this.applyWorker).stop();
			Objects.requireNonNull(this.snapshotWorker).stop();
			this.receivedSnapshots.close();
			RaftServerClosedException closedEx = new RaftServerClosedException();
			this.proposals.failAll(closedEx);
			readBarriers().failAll(closedEx);
			if (this.lease != null) {
				this.lease.failAll(closedEx);
			}
			this.leaderWaiters.forEach((w) -> w.done.completeExceptionally(closedEx));
		}
		try {
			this.storage.close();
		}
		finally {
			if (this.closeTransport) {
				this.transport.close();
			}
		}
	}

	private void proposeConfChange(List<ConfChangeSingle> changes, ByteString book, CompletableFuture<Applied> result) {
		if (result.isDone()) {
			return;
		}
		CompletableFuture<Applied> attempt = new CompletableFuture<>();
		submit((seq) -> node().proposeConfChange(ConfChangeV2.newBuilder()
			.setTransition(ConfChangeTransition.ConfChangeTransitionAuto)
			.addAllChanges(changes)
			.setContext(Envelope.wrap(this.session, seq, book))
			.build()), attempt);
		attempt.whenComplete((applied, error) -> {
			if (applied != null) {
				result.complete(applied);
			}
			else if (error instanceof RaftServerClosedException) {
				result.completeExceptionally(error);
			}
		});
		CompletableFuture.delayedExecutor(this.config.confChangeRetryInterval().toNanos(), TimeUnit.NANOSECONDS)
			.execute(() -> {
				if (!this.closed) {
					proposeConfChange(changes, book, result);
				}
			});
	}

	/** Fails {@code result} when an entry of {@code size} bytes is more than a transport message carries. */
	private boolean refusedAsTooLarge(int size, CompletableFuture<Applied> result) {
		if (size <= this.maxProposalSize) {
			return false;
		}
		result.completeExceptionally(new ProposalTooLargeException(size, this.maxProposalSize));
		return true;
	}

	/** Numbers the proposal, tracks its future and hands it to the node, in sequence order. */
	private CompletableFuture<Applied> submit(LongFunction<CompletableFuture<Void>> proposer,
			CompletableFuture<Applied> result) {
		if (this.closed) {
			result.completeExceptionally(new RaftServerClosedException());
			return result;
		}
		CompletableFuture<Void> accepted;
		synchronized (this.proposeLock) {
			long seq = ++this.nextSeq;
			// Taken under the lock: deadlines follow the sequence numbers (see Proposals).
			long deadline = System.nanoTime() + this.config.requestTimeout().toNanos();
			Proposals.Pending pending = this.proposals.add(seq, result, deadline);
			accepted = proposer.apply(seq);
			pending.acceptedBy(accepted);
		}
		accepted.whenComplete((ok, error) -> {
			if (error != null) {
				failOffLoop(result, error);
			}
		});
		failIfClosedMeanwhile(this.proposals::failAll);
		return result;
	}

	/**
	 * A request that raced with {@link #close()} may have been added after close failed the pending
	 * ones, and no tick expires it any more: fail what is pending again (close is under way anyway).
	 */
	private void failIfClosedMeanwhile(Consumer<RuntimeException> failAll) {
		if (this.closed) {
			failAll.accept(new RaftServerClosedException());
		}
	}

	/**
	 * Fails a caller's future with the node's refusal, on a thread of the common pool: the node's futures
	 * complete on its loop, which may be the transport's event loop, where the caller's dependent stages
	 * must not run.
	 */
	private void failOffLoop(CompletableFuture<?> future, Throwable error) {
		OFF_LOOP.execute(() -> future.completeExceptionally(translate(error)));
	}

	private Throwable translate(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		if (cause instanceof NodeStoppedException) {
			return new RaftServerClosedException();
		}
		if (cause instanceof ProposalDroppedException && this.config.disableProposalForwarding() && !isLeader()) {
			return new NotLeaderException(this.leaderId);
		}
		return cause;
	}

	private void onLeader(long lead) {
		this.leaderId = lead;
		this.leaderWaiters.removeIf((w) -> w.done.isDone() || (w.transferee == lead && w.done.complete(null)));
	}

	private List<Peer> bootstrapPeers() {
		List<Peer> peers = new ArrayList<>();
		this.initialPeers.forEach((id, address) -> {
			ByteString context = Envelope.wrap(Envelope.BOOTSTRAP_SESSION, 0, new AddressBook(Map.of(id, address)).encode());
			peers.add(new Peer(id, context.toByteArray()));
		});
		return peers;
	}

	private static ConfChangeSingle change(ConfChangeType type, long id) {
		return ConfChangeSingle.newBuilder().setType(type).setNodeId(id).build();
	}

	private Node node() {
		Node n = this.node;
		if (n == null) {
			throw new IllegalStateException("RaftServer not started");
		}
		return n;
	}

	private Applier applier() {
		Applier app = this.applier;
		if (app == null) {
			throw new IllegalStateException("RaftServer not started");
		}
		return app;
	}

	private ReadBarriers readBarriers() {
		ReadBarriers r = this.reads;
		if (r == null) {
			throw new IllegalStateException("RaftServer not started");
		}
		return r;
	}

	private record LeaderWaiter(long transferee, CompletableFuture<Void> done) {
	}

	/**
	 * Feeds inbound messages to the node. A snapshot received into a file stays there: the node gets
	 * its metadata and the storage thread hands the file to the storage; any other payload's data goes
	 * back into its message.
	 */
	private record InboundHandler(Node node, ReceivedSnapshots received, Runnable catchUpTicks) implements MessageHandler {

		@Override
		public void onMessage(Message message) {
			this.catchUpTicks.run();
			this.node.step(message);
		}

		@Override
		public void onSnapshot(Message message, SnapshotPayload payload) {
			this.catchUpTicks.run();
			if (this.received.offer(message.getSnapshot().getMetadata().getIndex(), payload)) {
				this.node.step(message);
				return;
			}
			try (payload) {
				ByteString data = payload.toByteString();
				this.node.step(message.toBuilder().setSnapshot(message.getSnapshot().toBuilder().setData(data)).build());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/** Collects what a server is made of. */
	public static final class Builder {

		private final RaftServerConfig config;

		private @Nullable FileStorage storage;

		private @Nullable Transport transport;

		private @Nullable TransportEventRouter events;

		private boolean closeTransport = true;

		private @Nullable StateMachine stateMachine;

		private Map<Long, InetSocketAddress> peers = Map.of();

		private boolean join;

		private final List<RaftServerListener> listeners = new ArrayList<>();

		private Builder(RaftServerConfig config) {
			this.config = config;
		}

		/** The durable log, snapshot and hard state; the server closes it. */
		public Builder storage(FileStorage storage) {
			this.storage = storage;
			return this;
		}

		/**
		 * The transport (started by the caller) and the router it reports its events to. With
		 * {@code owned} the server closes the transport on {@link RaftServer#close()}; a transport
		 * shared by several groups is not owned by any of them.
		 */
		public Builder transport(Transport transport, TransportEventRouter events, boolean owned) {
			this.transport = transport;
			this.events = events;
			this.closeTransport = owned;
			return this;
		}

		public Builder stateMachine(StateMachine stateMachine) {
			this.stateMachine = stateMachine;
			return this;
		}

		/**
		 * The members and their transport addresses: those of a new cluster (this replica among
		 * them, all replicas given the same map), or, when joining, the existing members to talk to.
		 * Ignored on a restart, where the log and snapshot know the members.
		 */
		public Builder peers(Map<Long, InetSocketAddress> peers) {
			this.peers = Map.copyOf(peers);
			return this;
		}

		/** Starts with an empty storage to be added to an existing cluster (by {@link RaftServer#addVoter}). */
		public Builder join(boolean join) {
			this.join = join;
			return this;
		}

		/** Adds a listener of configuration changes, leader and role changes and persist latency. */
		public Builder listener(RaftServerListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		public RaftServer build() {
			return new RaftServer(this);
		}
	}
}
