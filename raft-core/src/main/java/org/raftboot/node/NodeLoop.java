package org.raftboot.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.BasicStatus;
import org.raftboot.raft.Config;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.RaftException;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.RaftPanicException;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.Status;
import org.raftboot.raft.confchange.ConfChangeException;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * The loop of a {@link Node}: a mailbox whose drains are the only code that touches its
 * {@link RawNode}, so raft state needs no locks. Requests arrive as {@link Task}s; a task queued while
 * no drain is scheduled schedules one on the node's {@link Executor}, and an idle node costs nothing.
 * At most one drain runs at a time, whatever the executor: on an event loop that also reads the
 * node's connections, a message is stepped by the thread that read it and nobody is woken. A drain
 * runs up to {@link #MAX_TASKS_PER_DRAIN} tasks, then schedules the next one, so that the other work
 * of a shared executor is not starved. Data proposals queued back to back (up to
 * {@link #MAX_PROPOSALS_PER_TURN}, and no more payload than raft's uncommitted-size limit or
 * {@code MaxSizePerMsg}) are taken together and stepped as one MsgProp, so that a loaded leader
 * appends and replicates them in one MsgApp per follower; raft accepts or drops each of them as it
 * would alone. With a Ready handler on the loop, a data proposal that arrives while a write of
 * entries is in progress does not wake the loop: the write's acknowledgement will, and the proposals
 * queued meanwhile then go together. After every task (or such batch) the loop notes leader changes,
 * lets waiting proposals in once a leader is known, and serves Ready batches to whoever waits for
 * one; with async storage writes and a handler on the loop, each drain ends by giving what is ready
 * to that handler.
 */
final class NodeLoop {

	/**
	 * Data proposals queued back to back that are stepped as one MsgProp: a bound on how long a
	 * stream of proposals delays the next Ready.
	 */
	static final int MAX_PROPOSALS_PER_TURN = 256;

	/** Ticks that may wait for the loop (etcd's tick channel buffer). */
	static final int MAX_PENDING_TICKS = 128;

	/** Held ticks that wake the loop even when raft has no use for them yet. */
	static final int MAX_HELD_TICKS = MAX_PENDING_TICKS / 2;

	/** Tasks (or batches of proposals) run by one drain before it lets the executor run other work. */
	static final int MAX_TASKS_PER_DRAIN = 64;

	/** No drain scheduled: the next task schedules one. */
	private static final int IDLE = 0;

	/** A drain was handed to the executor and has not started. */
	private static final int SCHEDULED = 1;

	/** A drain (or the stop) owns the loop's state. */
	private static final int RUNNING = 2;

	/** The loop has ended for good. */
	private static final int TERMINATED = 3;

	private final RawNode rawNode;

	private final long id;

	private final RaftLogger logger;

	private final Executor executor;

	/** Run once the loop has ended: lets the node's own thread go. */
	private final Runnable onTerminated;

	private final ConcurrentLinkedQueue<Task> inbox = new ConcurrentLinkedQueue<>();

	/** {@link #IDLE}, {@link #SCHEDULED}, {@link #RUNNING} or {@link #TERMINATED}: who owns the loop's state. */
	private final AtomicInteger state = new AtomicInteger(IDLE);

	private final Runnable drain = this::drain;

	private final CountDownLatch terminated = new CountDownLatch(1);

	/** The thread running a drain right now. */
	private volatile @Nullable Thread drainer;

	/** Ticks not yet given to raft; they are given before anything else the loop does. */
	private final AtomicInteger pendingTicks = new AtomicInteger();

	/** Pending ticks at which a tick wakes the loop: {@link RawNode#ticksUntilTimeout()}, published. */
	private volatile int ticksToWake = 1;

	/** Whether a task that wakes the loop for its ticks is queued and not yet run. */
	private final AtomicBoolean tickWakeQueued = new AtomicBoolean();

	private volatile boolean stopRequested;

	/**
	 * Whether a task that {@linkplain Task#waitsForWrite() may wait} stays in the inbox without waking
	 * the loop: Readys go to a handler that hands the writes to other threads, and a write of entries
	 * is in progress, so its acknowledgement will wake the loop, which then takes every proposal queued
	 * meanwhile in one batch (one append, one MsgApp per follower) instead of one turn each, and the
	 * apply thread's acknowledgements with them. Set by the drains.
	 */
	private volatile boolean writeWillWake;

	/** Set once, when the loop exits; requests after that fail with it. */
	private volatile @Nullable NodeStoppedException stopped;

	// Everything below is confined to the drains (and the stop that ends the loop).

	private final ReadyHandoff readyHandoff;

	/**
	 * Data proposals of consecutive tasks, stepped as one MsgProp: one append and one MsgApp per
	 * follower for all of them instead of one each.
	 */
	private final List<ByteString> batchData = new ArrayList<>();

	private final List<CompletableFuture<Void>> batchResults = new ArrayList<>();

	/** The payload bytes of {@link #batchData}, kept within {@link #maxBatchBytes}. */
	private long batchBytes;

	/**
	 * The smaller of raft's uncommitted-size limit and its {@code MaxSizePerMsg}: a batch a follower
	 * forwards to its leader is one message, no larger than the MsgApps raft makes.
	 */
	private final long maxBatchBytes;

	/** Run at the end of each drain: a driver's look at {@link #ticksUntilTimeout()}. */
	private @Nullable Runnable turnListener;

	/** Proposals waiting for a leader to be known. */
	private final ArrayDeque<Proposal> waitingProposals = new ArrayDeque<>();

	private long lead = RaftConstants.NONE;

	/** Whether this node was removed from the configuration: it then refuses proposals for good. */
	private boolean removed;

	NodeLoop(RawNode rawNode, Config config, RaftLogger logger, Executor executor, Runnable onTerminated) {
		this.rawNode = rawNode;
		this.id = config.getId();
		this.maxBatchBytes = (Long.compareUnsigned(config.getMaxUncommittedEntriesSize(), config.getMaxSizePerMsg()) < 0)
				? config.getMaxUncommittedEntriesSize() : config.getMaxSizePerMsg();
		this.logger = logger;
		boolean asyncStorageWrites = config.isAsyncStorageWrites();
		this.readyHandoff = new ReadyHandoff(asyncStorageWrites);
		this.executor = executor;
		this.onTerminated = onTerminated;
	}

	// Called from any thread.

	/** Runs the loop's first turn (what etcd's loop does before its first select). */
	void start() {
		enqueue(new Task((loop) -> {
		}, new CompletableFuture<Void>()));
	}

	void enqueue(Task task) {
		NodeStoppedException ex = this.stopped;
		if (ex == null) {
			this.inbox.add(task);
			// The loop sets stopped before draining the inbox: a task added after the drain sees it, and
			// takes it out again (the drain may have failed it too).
			ex = this.stopped;
			if (ex == null) {
				if (!task.waitsForWrite() || !this.writeWillWake) {
					schedule();
				}
				return;
			}
			this.inbox.remove(task);
		}
		task.result().completeExceptionally(ex);
	}

	/** Hands a drain to the executor unless one is scheduled or running; the loop stops if it refuses. */
	private void schedule() {
		if (this.state.get() != IDLE || !this.state.compareAndSet(IDLE, SCHEDULED)) {
			return;
		}
		try {
			this.executor.execute(this.drain);
		}
		catch (RejectedExecutionException ex) {
			if (this.state.compareAndSet(SCHEDULED, RUNNING)) {
				this.logger.errorf("raft.node: %x stopped: its executor refused to run it: %s", this.id, ex);
				terminate(ex);
			}
		}
	}

	/**
	 * Queues a tick, or warns (as etcd) when the loop is so far behind that the queue is full. The
	 * loop is woken only once raft could act on the ticks (a heartbeat, an election); until then they
	 * wait for its next task, so an idle follower sleeps between heartbeats.
	 */
	void tick() {
		if (this.stopped != null) {
			return;
		}
		int before = this.pendingTicks.getAndUpdate((n) -> (n < MAX_PENDING_TICKS) ? n + 1 : n);
		if (before >= MAX_PENDING_TICKS) {
			this.logger.warningf("%x A tick missed to fire. Node blocks too long!", this.id);
			return;
		}
		if (before + 1 >= Math.min(this.ticksToWake, MAX_HELD_TICKS) && !this.tickWakeQueued.getAndSet(true)) {
			enqueue(new Task((loop) -> loop.tickWakeQueued.set(false), new CompletableFuture<Void>()));
		}
	}

	/**
	 * Stops the loop: at once, on this thread, when no drain runs (tasks still queued fail), else at
	 * the end of the running drain's task, which this waits for unless it is that drain's own thread.
	 */
	void stop() {
		this.stopRequested = true;
		while (true) {
			int s = this.state.get();
			if (s == TERMINATED) {
				return;
			}
			if (s == RUNNING) {
				if (inDrain()) {
					return;
				}
				awaitTermination();
				return;
			}
			// A drain that is only scheduled finds the loop taken when it runs, and returns.
			if (this.state.compareAndSet(s, RUNNING)) {
				terminate(null);
				return;
			}
		}
	}

	private void awaitTermination() {
		boolean interrupted = false;
		while (true) {
			try {
				this.terminated.await();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	boolean isStopped() {
		return this.stopped != null;
	}

	/** Whether the calling thread is running a drain (a task, or a future's dependent stage completed by one). */
	boolean inDrain() {
		return this.drainer == Thread.currentThread();
	}

	/** One turn of the loop: the tasks queued, up to a budget, each as etcd's loop handles one event. */
	private void drain() {
		if (!this.state.compareAndSet(SCHEDULED, RUNNING)) {
			return;
		}
		this.drainer = Thread.currentThread();
		Throwable failure = null;
		try {
			Task task;
			for (int budget = MAX_TASKS_PER_DRAIN; budget > 0 && !this.stopRequested
					&& (task = this.inbox.poll()) != null; budget--) {
				if (giveTicks()) {
					// They may have ended the leader's term: proposals then wait, as etcd's loop reads the
					// leader again before each event.
					followLeader();
				}
				runTask(task);
				for (int n = 1; task.dataProposal() && n < MAX_PROPOSALS_PER_TURN; n++) {
					Task next = this.inbox.peek();
					if (next == null || !next.dataProposal()) {
						break;
					}
					// The only consumer: what peek saw is what poll takes.
					task = this.inbox.poll();
					runTask(task);
				}
				stepBatch();
				afterTask();
			}
			this.readyHandoff.dispatch(this.rawNode);
			this.writeWillWake = this.readyHandoff.handlesOnLoop() && this.rawNode.hasWritesInProgress();
			Runnable listener = this.turnListener;
			if (listener != null) {
				listener.run();
			}
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			if (!(ex instanceof RaftPanicException)) {
				this.logger.errorf("raft.node: %x stopped by an unexpected error: %s", this.id, ex);
			}
		}
		finally {
			this.drainer = null;
		}
		if (failure != null || this.stopRequested) {
			terminate(failure);
			return;
		}
		this.state.set(IDLE);
		if (this.stopRequested) {
			// A stop that came after the check above saw this drain running and waits for it to end the
			// loop: end it, unless the stop (or a drain scheduled meanwhile) took the loop first.
			if (this.state.compareAndSet(IDLE, RUNNING)) {
				terminate(null);
			}
			return;
		}
		if (!this.inbox.isEmpty()) {
			schedule();
		}
	}

	/**
	 * Runs a task. Refusals (raft's errors, invalid configuration changes) leave raft state as it
	 * was and only fail the task; anything else may have left it half-changed, so the node stops.
	 */
	private void runTask(Task task) {
		try {
			task.action().accept(this);
		}
		catch (RaftException | ConfChangeException ex) {
			task.result().completeExceptionally(ex);
		}
		catch (RuntimeException | Error ex) {
			task.result().completeExceptionally(ex);
			throw ex;
		}
	}

	/** What etcd's loop does before each select: log leader changes, open proposals, offer a Ready. */
	private void afterTask() {
		publishTicksToWake();
		followLeader();
		this.readyHandoff.serve(this.rawNode);
	}

	/** Notes (and logs) a change of leader; once one is known, steps the proposals that waited for it. */
	private void followLeader() {
		BasicStatus st = this.rawNode.basicStatus();
		if (st.lead() != this.lead) {
			if (st.lead() != RaftConstants.NONE) {
				if (this.lead == RaftConstants.NONE) {
					this.logger.infof("raft.node: %x elected leader %x at term %s", this.id, st.lead(),
							Long.toUnsignedString(st.term()));
				}
				else {
					this.logger.infof("raft.node: %x changed leader from %x to %x at term %s", this.id, this.lead,
							st.lead(), Long.toUnsignedString(st.term()));
				}
			}
			else {
				this.logger.infof("raft.node: %x lost leader %x at term %s", this.id, this.lead,
						Long.toUnsignedString(st.term()));
			}
			this.lead = st.lead();
		}
		if (acceptsProposals()) {
			Proposal p;
			while ((p = this.waitingProposals.poll()) != null) {
				stepProposal(p);
			}
		}
	}

	private boolean acceptsProposals() {
		return this.lead != RaftConstants.NONE && !this.removed;
	}

	/** Ends the loop for good; the caller owns the loop's state ({@link #RUNNING}). */
	private void terminate(@Nullable Throwable failure) {
		NodeStoppedException ex = new NodeStoppedException(failure);
		this.stopped = ex;
		this.state.set(TERMINATED);
		this.batchResults.forEach((r) -> r.completeExceptionally(ex));
		this.batchResults.clear();
		this.batchData.clear();
		this.waitingProposals.forEach((p) -> p.result().completeExceptionally(ex));
		this.waitingProposals.clear();
		this.readyHandoff.fail(ex);
		Task left;
		while ((left = this.inbox.poll()) != null) {
			left.result().completeExceptionally(ex);
		}
		this.terminated.countDown();
		this.onTerminated.run();
	}

	// The actions of tasks: drains only.

	/** Gives raft the ticks that came since it last had them; whether there were any. */
	private boolean giveTicks() {
		int n = this.pendingTicks.getAndSet(0);
		for (int k = n; k > 0; k--) {
			this.rawNode.tick();
		}
		return n > 0;
	}

	/**
	 * Ticks that {@link #tick()} can still take before one wakes the loop, as of its last turn (0 when
	 * one is due).
	 */
	int ticksUntilTimeout() {
		return Math.max(0, Math.min(this.ticksToWake, MAX_HELD_TICKS) - this.pendingTicks.get());
	}

	void afterEachTurn(Runnable listener) {
		this.turnListener = listener;
	}

	/**
	 * Tells {@link #tick()} when to wake the loop. A tick counted before the new threshold was
	 * visible may not have woken the loop although it should: the loop looks once more after
	 * publishing and takes such ticks itself.
	 */
	private void publishTicksToWake() {
		while (true) {
			int due = this.rawNode.ticksUntilTimeout();
			this.ticksToWake = due;
			if (this.pendingTicks.get() < Math.min(due, MAX_HELD_TICKS)) {
				return;
			}
			giveTicks();
		}
	}

	/** Steps a proposal once a leader is known; refuses it if this node was removed. */
	void propose(Consumer<RawNode> step, CompletableFuture<Void> result) {
		Proposal p = new Proposal(step, result);
		if (this.removed) {
			result.completeExceptionally(new ProposalDroppedException());
		}
		else if (acceptsProposals()) {
			stepProposal(p);
		}
		else {
			this.waitingProposals.removeIf((w) -> w.result().isDone());
			this.waitingProposals.add(p);
		}
	}

	/**
	 * A data proposal: joins the batch being taken once a leader is known (stepped in order, before
	 * any later task), else waits like any proposal. A batch holds no more payload than
	 * {@link #maxBatchBytes} (but always one proposal): within raft's uncommitted-size limit, raft
	 * accepts it exactly when it would accept each of its proposals stepped alone, as etcd's node
	 * steps them.
	 */
	void proposeData(ByteString data, CompletableFuture<Void> result) {
		if (this.removed || !acceptsProposals()) {
			propose(stepOf(data), result);
		}
		else if (!result.isDone()) {
			if (Long.compareUnsigned(this.batchBytes + data.size(), this.maxBatchBytes) > 0) {
				stepBatch();
			}
			this.batchData.add(data);
			this.batchResults.add(result);
			this.batchBytes += data.size();
		}
	}

	/**
	 * Steps the batched data proposals as one MsgProp. When raft drops a batch of several, each is
	 * stepped alone: some may fit its uncommitted-size limit on their own.
	 */
	private void stepBatch() {
		if (this.batchData.isEmpty()) {
			return;
		}
		try {
			try {
				this.rawNode.step(proposal(this.batchData));
				this.batchResults.forEach((r) -> r.complete(null));
			}
			catch (ProposalDroppedException ex) {
				if (this.batchData.size() == 1) {
					throw ex;
				}
				for (int i = 0, n = this.batchData.size(); i < n; i++) {
					stepProposal(new Proposal(stepOf(this.batchData.get(i)), this.batchResults.get(i)));
				}
			}
		}
		catch (RuntimeException | Error ex) {
			this.batchResults.forEach((r) -> r.completeExceptionally(ex));
			if (!(ex instanceof RaftException)) {
				throw ex;
			}
		}
		finally {
			this.batchData.clear();
			this.batchResults.clear();
			this.batchBytes = 0;
		}
	}

	/**
	 * Steps a follower's forwarded batch of proposals; when raft drops it whole, each proposal alone,
	 * so that each is accepted or dropped as it would be on its own (raft's uncommitted-size limit).
	 */
	static void stepForwarded(RawNode rn, Message m) {
		try {
			rn.step(m);
		}
		catch (ProposalDroppedException ex) {
			if (m.getEntriesCount() < 2) {
				throw ex;
			}
			for (Entry entry : m.getEntriesList()) {
				try {
					rn.step(m.toBuilder().clearEntries().addEntries(entry).build());
				}
				catch (ProposalDroppedException dropped) {
					// This one is dropped on its own too; the follower's proposer learns it by timeout.
				}
			}
		}
	}

	private Consumer<RawNode> stepOf(ByteString data) {
		return (rn) -> rn.step(proposal(List.of(data)));
	}

	private Message proposal(List<ByteString> data) {
		Message.Builder m = Message.newBuilder().setType(MessageType.MsgProp).setFrom(this.id);
		for (int i = 0, n = data.size(); i < n; i++) {
			m.addEntries(Entry.newBuilder().setData(data.get(i)));
		}
		return m.build();
	}

	private void stepProposal(Proposal p) {
		if (p.result().isDone()) {
			// Its caller gave up (timeout or cancellation) while it waited for a leader.
			return;
		}
		try {
			p.step().accept(this.rawNode);
			p.result().complete(null);
		}
		catch (RaftException ex) {
			p.result().completeExceptionally(ex);
		}
	}

	/** Steps a message or local request whose refusal, as in etcd's loop, is not reported. */
	void receive(Consumer<RawNode> step) {
		try {
			step.accept(this.rawNode);
		}
		catch (RaftException ex) {
			// Stale or unknown senders and best-effort requests: dropped, as etcd does.
		}
	}

	/**
	 * Applies a configuration change. When it removes this node (not even an outgoing voter of a
	 * joint configuration remains) proposals are refused from then on.
	 */
	ConfState applyConfChange(MessageLite cc) {
		boolean wasMember = isTracked();
		ConfState cs = this.rawNode.applyConfChange(cc);
		if (wasMember && !isTracked() && !cs.getVotersList().contains(this.id)
				&& !cs.getVotersOutgoingList().contains(this.id)) {
			this.removed = true;
			this.waitingProposals.forEach((p) -> p.result().completeExceptionally(new ProposalDroppedException()));
			this.waitingProposals.clear();
		}
		return cs;
	}

	private boolean isTracked() {
		boolean[] found = new boolean[1];
		this.rawNode.withProgress((peer, type, progress) -> found[0] |= peer == this.id);
		return found[0];
	}

	void sendMessageOnlyReadys(Consumer<List<Message>> sender) {
		this.readyHandoff.sendMessageOnlyReadys(sender);
	}

	void handleReadysOnLoop(Consumer<Ready> handler) {
		this.readyHandoff.handleOnLoop(handler);
		this.readyHandoff.dispatch(this.rawNode);
	}

	void requestReady(CompletableFuture<Ready> waiter) {
		this.readyHandoff.request(waiter);
	}

	void advance() {
		this.readyHandoff.advance(this.rawNode);
	}

	Status status() {
		return this.rawNode.status();
	}

	/**
	 * A proposal and the future that reports whether raft accepted it.
	 *
	 * @param step how the proposal is stepped into the raw node
	 * @param result completed once stepped, or failed with the refusal
	 */
	private record Proposal(Consumer<RawNode> step, CompletableFuture<Void> result) {
	}

}
