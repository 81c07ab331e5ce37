package org.raftboot.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.BasicStatus;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.raft.RaftConstants;
import org.raftboot.raft.RaftException;
import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.RaftPanicException;
import org.raftboot.raft.RawNode;
import org.raftboot.raft.Ready;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.ConfState;

/**
 * The loop thread of a {@link Node}, the only thread that touches its {@link RawNode}, so raft
 * state needs no locks. Requests arrive as {@link Task}s; between them the loop blocks on its
 * inbox, so an idle node costs nothing. After every task it notes leader changes, lets waiting
 * proposals in once a leader is known, and serves Ready batches to whoever waits for one.
 */
final class NodeLoop implements Runnable {

	/** Ticks that may wait for the loop (etcd's tick channel buffer). */
	static final int MAX_PENDING_TICKS = 128;

	private final RawNode rawNode;

	private final long id;

	private final RaftLogger logger;

	private final LinkedBlockingQueue<Task> inbox = new LinkedBlockingQueue<>();

	private final AtomicInteger pendingTicks = new AtomicInteger();

	private volatile boolean stopRequested;

	/** Set once, when the loop exits; requests after that fail with it. */
	private volatile @Nullable NodeStoppedException stopped;

	// Everything below is confined to the loop thread.

	private final ReadyHandoff readyHandoff;

	/** Proposals waiting for a leader to be known. */
	private final ArrayDeque<Proposal> waitingProposals = new ArrayDeque<>();

	private long lead = RaftConstants.NONE;

	/** Whether this node was removed from the configuration: it then refuses proposals for good. */
	private boolean removed;

	NodeLoop(RawNode rawNode, long id, RaftLogger logger, boolean asyncStorageWrites) {
		this.rawNode = rawNode;
		this.id = id;
		this.logger = logger;
		this.readyHandoff = new ReadyHandoff(asyncStorageWrites);
	}

	// Called from any thread.

	void enqueue(Task task) {
		this.inbox.add(task);
		// The loop sets stopped before draining the inbox: a task added after the drain sees it.
		NodeStoppedException ex = this.stopped;
		if (ex != null) {
			task.result().completeExceptionally(ex);
		}
	}

	/** Queues a tick, or warns (as etcd) when the loop is so far behind that the queue is full. */
	void tick() {
		if (this.stopped != null) {
			return;
		}
		int before = this.pendingTicks.getAndUpdate((n) -> (n < MAX_PENDING_TICKS) ? n + 1 : n);
		if (before >= MAX_PENDING_TICKS) {
			this.logger.warningf("%x A tick missed to fire. Node blocks too long!", this.id);
			return;
		}
		enqueue(new Task(NodeLoop::tickOnce, new CompletableFuture<Void>()));
	}

	void requestStop() {
		this.stopRequested = true;
		enqueue(new Task((loop) -> {
		}, new CompletableFuture<Void>()));
	}

	boolean isStopped() {
		return this.stopped != null;
	}

	@Override
	public void run() {
		Throwable failure = null;
		try {
			afterTask();
			while (!this.stopRequested) {
				runTask(this.inbox.take());
				afterTask();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			failure = ex;
			if (!(ex instanceof RaftPanicException)) {
				this.logger.errorf("raft.node: %x stopped by an unexpected error: %s", this.id, ex);
			}
		}
		finally {
			terminate(failure);
		}
	}

	private void runTask(Task task) {
		try {
			task.action().accept(this);
		}
		catch (RaftPanicException ex) {
			task.result().completeExceptionally(ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			task.result().completeExceptionally(ex);
		}
	}

	/** What etcd's loop does before each select: log leader changes, open proposals, offer a Ready. */
	private void afterTask() {
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
		this.readyHandoff.serve(this.rawNode);
	}

	private boolean acceptsProposals() {
		return this.lead != RaftConstants.NONE && !this.removed;
	}

	private void terminate(@Nullable Throwable failure) {
		NodeStoppedException ex = new NodeStoppedException(failure);
		this.stopped = ex;
		this.waitingProposals.forEach((p) -> p.result().completeExceptionally(ex));
		this.waitingProposals.clear();
		this.readyHandoff.fail(ex);
		List<Task> left = new ArrayList<>();
		this.inbox.drainTo(left);
		left.forEach((task) -> task.result().completeExceptionally(ex));
	}

	// The actions of tasks: loop thread only.

	private void tickOnce() {
		this.pendingTicks.decrementAndGet();
		this.rawNode.tick();
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
