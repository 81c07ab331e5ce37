package org.raftboot.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;

/**
 * The leader lease behind {@link RaftServer#leaseRead()}: lets the leader answer reads from its commit
 * index without a heartbeat round, for as long as no other leader can have been elected.
 *
 * <p>Raft itself runs with the safe ReadIndex; the lease is renewed by the ReadIndex rounds this
 * replica starts as leader. A round that started at {@code t} (taken before the request reaches the
 * node) and is answered while this replica still leads the same term proves that a quorum reset its
 * election timer after {@code t}. Those voters refuse votes for an election timeout after that (raft's
 * check-quorum lease, and {@link VoteGuard}), so no other leader exists before
 * {@code t + (electionTick - 1) × tickInterval}. The lease ends there, less {@link #DRIFT_PERCENT} for the
 * drift between the members' clocks. It also ends, and rounds under way stop counting, when the role or
 * term changes, when a configuration change is committed or applied (the quorums change), and for the
 * rest of the term once this leader sends {@code MsgTimeoutNow} (the transferee's forced campaign
 * ignores the voters' lease).
 *
 * <p>A lease read is answered at the highest commit index of a Ready this replica handled, recorded
 * before that Ready's messages left, so it covers every commit another member or client could know
 * of; it completes once that index is applied. While reads are being served, a tick renews the lease
 * past half its life, so steady reads need no round each.
 *
 * <p>The apply thread calls {@link #beforeSend}, {@link #onReadState} and {@link #afterApply}; the
 * rest runs on any thread.
 */
final class LeaderLease {

	/** The share of the lease given up to clock drift between members. */
	static final int DRIFT_PERCENT = 10;

	/** Marks the contexts of this class's own renewal rounds, one byte longer than a read barrier's. */
	private static final byte RENEWAL = 'L';

	private record Waiter(long index, CompletableFuture<Long> future) {
	}

	private final LongSupplier clock;

	private final long duration;

	private final Consumer<byte[]> readIndex;

	/** The start time of each round started as leader of {@link #term}, by context. */
	private final Map<ByteBuffer, Long> rounds = new HashMap<>();

	private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compareUnsigned(a.index, b.index));

	private long term;

	private boolean leader;

	/** The term in which this replica sent {@code MsgTimeoutNow}: no lease for the rest of it. */
	private long transferTerm = -1;

	private boolean held;

	private long expiry;

	private long commit;

	private long applied;

	private boolean confChangeCommitted;

	private boolean servedSinceRenewal;

	private @Nullable ByteBuffer renewal;

	private long renewals;

	/**
	 * A lease not held yet: it needs a round answered in a term this replica leads, and by then the
	 * Readies of that term have told it the commit index.
	 * @param clock the time in nanoseconds ({@link System#nanoTime()})
	 * @param electionTimeoutNanos the election timeout: electionTick × tickInterval
	 * @param tickNanos the tick interval
	 * @param readIndex hands a ReadIndex request to the node
	 */
	LeaderLease(LongSupplier clock, long electionTimeoutNanos, long tickNanos, Consumer<byte[]> readIndex) {
		this.clock = clock;
		this.duration = (electionTimeoutNanos - tickNanos) / 100 * (100 - DRIFT_PERCENT);
		this.readIndex = readIndex;
	}

	/** Starts a ReadIndex round: its start time is taken before the node sees it. */
	void startRound(byte[] ctx) {
		synchronized (this) {
			if (this.leader && this.transferTerm != this.term) {
				this.rounds.put(ByteBuffer.wrap(ctx.clone()), this.clock.getAsLong());
			}
		}
		this.readIndex.accept(ctx);
	}

	/**
	 * Serves {@code read} from the lease if it holds: completes it with the read index once applied.
	 * Returns false (leaving {@code read} alone) when there is no lease.
	 */
	boolean serve(CompletableFuture<Long> read) {
		long index;
		synchronized (this) {
			if (!this.held || this.clock.getAsLong() - this.expiry >= 0) {
				return false;
			}
			this.servedSinceRenewal = true;
			index = this.commit;
			if (Long.compareUnsigned(index, this.applied) > 0) {
				this.waiters.add(new Waiter(index, read));
				return true;
			}
		}
		read.complete(index);
		return true;
	}

	/**
	 * Before a Ready's messages are sent: the role and term it leaves this replica in, its commit
	 * index (0 without a hard state) and its committed entries.
	 */
	synchronized void beforeSend(long term, boolean leader, long commit, List<Entry> committed) {
		if (term != this.term || leader != this.leader) {
			end();
			this.term = term;
			this.leader = leader;
		}
		if (Long.compareUnsigned(commit, this.commit) > 0) {
			this.commit = commit;
		}
		for (int i = 0, n = committed.size(); i < n; i++) {
			EntryType type = committed.get(i).getType();
			if (type == EntryType.EntryConfChange || type == EntryType.EntryConfChangeV2) {
				this.confChangeCommitted = true;
				end();
			}
		}
	}

	/** Before this leader's {@code MsgTimeoutNow} of {@code term} leaves: no lease for the rest of that term. */
	synchronized void onTimeoutNow(long term) {
		this.transferTerm = term;
		end();
	}

	/** A round answered: renews the lease if this replica started it as leader of the current term. */
	synchronized void onReadState(byte[] ctx) {
		ByteBuffer key = ByteBuffer.wrap(ctx);
		Long start = this.rounds.remove(key);
		if (key.equals(this.renewal)) {
			this.renewal = null;
		}
		if (start == null || !this.leader || this.transferTerm == this.term) {
			return;
		}
		long end = start + this.duration;
		if (!this.held || end - this.expiry > 0) {
			this.expiry = end;
		}
		this.held = true;
	}

	/** After a Ready's entries were applied up to {@code index}: completes the lease reads it covers. */
	void afterApply(long index) {
		List<CompletableFuture<Long>> done = new ArrayList<>();
		List<Long> indexes = new ArrayList<>();
		synchronized (this) {
			if (this.confChangeCommitted) {
				// Once more, after the node applied the change: rounds started before it used the old quorum.
				this.confChangeCommitted = false;
				end();
			}
			this.applied = index;
			Waiter w;
			while ((w = this.waiters.peek()) != null && Long.compareUnsigned(w.index, index) <= 0) {
				this.waiters.poll();
				done.add(w.future);
				indexes.add(w.index);
			}
		}
		for (int i = 0; i < done.size(); i++) {
			done.get(i).complete(indexes.get(i));
		}
	}

	/**
	 * On each tick: forgets rounds too old to matter, and renews a lease past half its life if lease
	 * reads were served since the last renewal.
	 */
	void onTick() {
		byte[] ctx;
		synchronized (this) {
			long now = this.clock.getAsLong();
			Iterator<Map.Entry<ByteBuffer, Long>> it = this.rounds.entrySet().iterator();
			while (it.hasNext()) {
				Map.Entry<ByteBuffer, Long> round = it.next();
				if (now - (round.getValue() + this.duration) >= 0) {
					it.remove();
					if (round.getKey().equals(this.renewal)) {
						this.renewal = null;
					}
				}
			}
			if (!this.held || !this.servedSinceRenewal || this.renewal != null
					|| this.expiry - now > this.duration / 2) {
				return;
			}
			this.servedSinceRenewal = false;
			ctx = ByteBuffer.allocate(Long.BYTES + 1).put(RENEWAL).putLong(++this.renewals).array();
			this.renewal = ByteBuffer.wrap(ctx.clone());
		}
		startRound(ctx);
	}

	/** Whether the lease is held or rounds that may renew it are under way: {@link #onTick} has work. */
	synchronized boolean isBusy() {
		return this.held || !this.rounds.isEmpty();
	}

	/** Fails the lease reads still waiting for their index to be applied. */
	void failAll(RuntimeException error) {
		List<Waiter> all;
		synchronized (this) {
			all = new ArrayList<>(this.waiters);
			this.waiters.clear();
		}
		all.forEach((w) -> w.future.completeExceptionally(error));
	}

	private void end() {
		this.held = false;
		this.rounds.clear();
		this.renewal = null;
	}
}
