package org.raftboot.spring;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.server.Applied;
import org.raftboot.server.NotLeaderException;
import org.raftboot.server.RaftServer;
import org.raftboot.server.ServerStatus;

/**
 * What an application does with its Raft replica: propose commands, wait for linearizable reads,
 * change the membership and the leadership, look at the status. Every call returns a future that
 * always ends (applied, refused, timed out after {@code raft.request-timeout}, or failed because the
 * replica stopped). The futures of proposals, reads and membership changes complete on the apply
 * thread, the others (status, refusals, timeouts) on shared pools: dependent stages must not block
 * (use the {@code *Async} variants to leave them).
 *
 * @since 0.1.0
 */
public class RaftTemplate {

	private final RaftServer server;

	private final List<RaftProposalObserver> observers;

	public RaftTemplate(RaftServer server, List<RaftProposalObserver> observers) {
		this.server = server;
		this.observers = List.copyOf(observers);
	}

	/**
	 * Proposes {@code data}; the future completes once this replica applied the entry, with its index,
	 * term and the reply a {@code RaftCommittedEvent} listener set. Works on followers (forwarded to
	 * the leader) unless {@code raft.disable-proposal-forwarding} is set.
	 */
	public CompletableFuture<Applied> propose(byte[] data) {
		long start = System.nanoTime();
		CompletableFuture<Applied> result = this.server.propose(data);
		if (!this.observers.isEmpty()) {
			result.whenComplete((applied, error) -> observe(Duration.ofNanos(System.nanoTime() - start), error));
		}
		return result;
	}

	/**
	 * Completes (with the read index) once this replica applied everything committed before the call,
	 * as confirmed by the leader; read the application's state after it. Works on followers.
	 */
	public CompletableFuture<Long> readBarrier() {
		return this.server.readBarrier();
	}

	/** Adds a voter reachable at {@code address}; completes when this replica applied the change. */
	public CompletableFuture<Applied> addVoter(long id, InetSocketAddress address) {
		return this.server.addVoter(id, address);
	}

	/**
	 * Adds a voter at {@code address} written as {@code host:port}.
	 * @throws IllegalArgumentException if the address is malformed
	 */
	public CompletableFuture<Applied> addVoter(long id, String address) {
		return addVoter(id, PeerAddress.parse(address));
	}

	/** Adds a non-voting member reachable at {@code address}. */
	public CompletableFuture<Applied> addLearner(long id, InetSocketAddress address) {
		return this.server.addLearner(id, address);
	}

	/** Makes a learner a voter. */
	public CompletableFuture<Applied> promoteLearner(long id) {
		return this.server.promoteLearner(id);
	}

	/** Removes a member, the leader included. */
	public CompletableFuture<Applied> removeMember(long id) {
		return this.server.removeMember(id);
	}

	/** Hands leadership to {@code transferee}; completes when this replica sees it lead. */
	public CompletableFuture<Void> transferLeadership(long transferee) {
		return this.server.transferLeadership(transferee);
	}

	/**
	 * Makes this replica leader: with no leader known it campaigns at once; otherwise the current leader
	 * hands leadership over once this replica's log is up to date. Completes when this replica leads.
	 */
	public CompletableFuture<Void> campaign() {
		return this.server.campaign();
	}

	/** An immutable picture of this replica: raft status, applied and snapshot index, peer links. */
	public CompletableFuture<ServerStatus> status() {
		return this.server.status();
	}

	/** This replica's id. */
	public long id() {
		return this.server.id();
	}

	/** The leader this replica knows of, or 0 when none. */
	public long leaderId() {
		return this.server.leaderId();
	}

	/** Whether this replica leads, as far as it knows. */
	public boolean isLeader() {
		return this.server.isLeader();
	}

	/** The runtime behind this facade, for what the facade does not offer. */
	public RaftServer server() {
		return this.server;
	}

	private void observe(Duration latency, @Nullable Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		RaftProposalObserver.Outcome outcome = (cause == null) ? RaftProposalObserver.Outcome.COMMITTED
				: (cause instanceof ProposalDroppedException || cause instanceof NotLeaderException)
						? RaftProposalObserver.Outcome.DROPPED : RaftProposalObserver.Outcome.FAILED;
		for (RaftProposalObserver observer : this.observers) {
			observer.onProposal(latency, outcome);
		}
	}

}
