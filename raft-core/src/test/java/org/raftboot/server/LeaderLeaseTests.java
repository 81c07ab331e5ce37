package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;

class LeaderLeaseTests {

	/** 10 ticks of 100 ns: the lease lasts 9 ticks less 10 %, 810 ns. */
	private static final long TICK = 100;

	private static final long LEASE = 810;

	private long now = 1_000_000;

	private final List<byte[]> asked = new ArrayList<>();

	private final LeaderLease lease = new LeaderLease(() -> this.now, 10 * TICK, TICK, this.asked::add);

	@Test
	void aLeaderHasNoLeaseUntilARoundItStartedIsAnswered() {
		ready(3, true, 7);
		assertThat(serve()).isNull();
		byte[] ctx = round();
		assertThat(serve()).isNull();
		this.lease.onReadState(ctx);
		assertThat(serve()).isCompletedWithValue(7L);
	}

	@Test
	void theLeaseRunsFromTheStartOfTheRoundForTheElectionTimeoutLessATickAndTheDriftMargin() {
		ready(3, true, 7);
		long start = this.now;
		byte[] ctx = round();
		this.now += 300;
		this.lease.onReadState(ctx);
		this.now = start + LEASE - 1;
		assertThat(serve()).isCompletedWithValue(7L);
		this.now = start + LEASE;
		assertThat(serve()).isNull();
	}

	@Test
	void theStartOfARoundIsTakenBeforeTheNodeSeesIt() {
		LeaderLease slow = new LeaderLease(() -> this.now, 10 * TICK, TICK, (ctx) -> {
			this.now += 500;
			this.asked.add(ctx);
		});
		slow.beforeSend(3, true, 7, List.of());
		long start = this.now;
		slow.startRound(context(1));
		slow.onReadState(context(1));
		this.now = start + LEASE;
		assertThat(slow.serve(new CompletableFuture<>())).isFalse();
	}

	@Test
	void anOlderRoundAnsweredLateNeverShortensTheLease() {
		ready(3, true, 7);
		byte[] first = round();
		this.now += 200;
		long second = this.now;
		byte[] later = round();
		this.lease.onReadState(later);
		this.lease.onReadState(first);
		this.now = second + LEASE - 1;
		assertThat(serve()).isCompletedWithValue(7L);
	}

	@Test
	void aLeaseReadWaitsUntilTheCommitIndexOfTheLastReadyIsApplied() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		this.lease.beforeSend(3, true, 9, List.of());
		CompletableFuture<Long> read = serve();
		assertThat(read).isNotDone();
		this.lease.afterApply(8);
		assertThat(read).isNotDone();
		this.lease.afterApply(9);
		assertThat(read).isCompletedWithValue(9L);
	}

	@Test
	void aReadyWithoutAHardStateKeepsTheCommitIndex() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		this.lease.beforeSend(3, true, 0, List.of());
		assertThat(serve()).isCompletedWithValue(7L);
	}

	@Test
	void aRoundStartedAsFollowerOrInAnEarlierTermNeverGivesALease() {
		ready(3, false, 7);
		byte[] asFollower = round();
		ready(4, true, 7);
		this.lease.onReadState(asFollower);
		assertThat(serve()).isNull();
		byte[] inTerm4 = round();
		ready(6, true, 8);
		this.lease.onReadState(inTerm4);
		assertThat(serve()).isNull();
	}

	@Test
	void aChangeOfRoleOrTermEndsTheLease() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		ready(4, false, 7);
		assertThat(serve()).isNull();
		ready(5, true, 7);
		assertThat(serve()).isNull();
		this.lease.onReadState(round());
		assertThat(serve()).isCompletedWithValue(7L);
	}

	@Test
	void sendingMsgTimeoutNowEndsTheLeaseForTheRestOfTheTerm() {
		ready(3, true, 7);
		byte[] before = round();
		this.lease.onReadState(round());
		this.lease.onTimeoutNow(3);
		assertThat(serve()).isNull();
		this.lease.onReadState(before);
		assertThat(serve()).isNull();
		this.lease.onReadState(round());
		assertThat(serve()).isNull();
		ready(5, true, 7);
		this.lease.onReadState(round());
		assertThat(serve()).isCompletedWithValue(7L);
	}

	@Test
	void aConfChangeEndsTheLeaseWhenCommittedAndRoundsStartedBeforeItIsAppliedDoNotCount() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		this.lease.beforeSend(3, true, 8,
				List.of(Entry.newBuilder().setIndex(8).setTerm(3).setType(EntryType.EntryConfChangeV2).build()));
		assertThat(serve()).isNull();
		byte[] beforeApply = round();
		this.lease.afterApply(8);
		this.lease.onReadState(beforeApply);
		assertThat(serve()).isNull();
		this.lease.onReadState(round());
		assertThat(serve()).isCompletedWithValue(8L);
	}

	@Test
	void leaseReadsPastHalfTheLeaseRenewItOnATickWithOneRound() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		this.now += LEASE / 2 + 1;
		this.lease.onTick();
		assertThat(this.asked).as("no lease read served yet").hasSize(1);
		assertThat(serve()).isCompletedWithValue(7L);
		this.lease.onTick();
		this.lease.onTick();
		assertThat(this.asked).hasSize(2);
		long renewal = this.now;
		this.lease.onReadState(this.asked.get(1));
		this.now = renewal + LEASE - 1;
		assertThat(serve()).isCompletedWithValue(7L);
	}

	@Test
	void aTickBeforeHalfTheLeaseStartsNoRound() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		assertThat(serve()).isCompletedWithValue(7L);
		this.now += LEASE / 2 - 1;
		this.lease.onTick();
		assertThat(this.asked).hasSize(1);
	}

	@Test
	void aRenewalThatIsNeverAnsweredIsForgottenOnceItCouldNoLongerHelp() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		this.now += LEASE / 2 + 1;
		serve();
		this.lease.onTick();
		assertThat(this.asked).hasSize(2);
		this.lease.onReadState(round());
		serve();
		this.now += LEASE / 2 + 1;
		this.lease.onTick();
		assertThat(this.asked).as("the first renewal is still under way").hasSize(3);
		this.now += LEASE / 2;
		this.lease.onTick();
		assertThat(this.asked).hasSize(4);
	}

	@Test
	void failAllFailsTheLeaseReadsWaitingForTheApply() {
		ready(3, true, 7);
		this.lease.onReadState(round());
		this.lease.beforeSend(3, true, 9, List.of());
		CompletableFuture<Long> read = serve();
		this.lease.failAll(new RaftServerClosedException());
		assertThat(read).failsWithin(Duration.ZERO);
	}

	/** A Ready that leaves this replica in {@code term} as leader or follower, applied up to {@code commit}. */
	private void ready(long term, boolean leader, long commit) {
		this.lease.beforeSend(term, leader, commit, List.of());
		this.lease.afterApply(commit);
	}

	private byte[] round() {
		byte[] ctx = context(this.asked.size() + 1);
		this.lease.startRound(ctx);
		return ctx;
	}

	private static byte[] context(long n) {
		return ByteBuffer.allocate(Long.BYTES).putLong(n).array();
	}

	/** A lease read: its future, or null when the lease did not serve it. */
	private CompletableFuture<Long> serve() {
		CompletableFuture<Long> read = new CompletableFuture<>();
		return this.lease.serve(read) ? read : null;
	}
}
