package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class ReadBarriersTests {

	private final List<byte[]> asked = new ArrayList<>();

	private final ReadBarriers reads = new ReadBarriers(this.asked::add, 3, 5);

	@Test
	void readsThatArriveDuringARoundShareTheNextRound() {
		CompletableFuture<Long> a = read();
		CompletableFuture<Long> b = read();
		CompletableFuture<Long> c = read();
		assertThat(this.asked).hasSize(1);
		this.reads.onReadState(this.asked.get(0), 4);
		assertThat(a).isCompletedWithValue(4L);
		assertThat(b).isNotDone();
		assertThat(this.asked).hasSize(2);
		this.reads.onReadState(this.asked.get(1), 8);
		assertThat(b).isNotDone();
		assertThat(c).isNotDone();
		this.reads.onApplied(8);
		assertThat(b).isCompletedWithValue(8L);
		assertThat(c).isCompletedWithValue(8L);
		assertThat(this.asked).hasSize(2);
	}

	@Test
	void readsIssuedFromTheCompletionsOfARoundShareTheNextRound() {
		CompletableFuture<Long> first = read();
		List<CompletableFuture<Long>> issued = new ArrayList<>();
		first.thenRun(() -> {
			issued.add(read());
			issued.add(read());
		});
		this.reads.onReadState(this.asked.get(0), 4);
		assertThat(first).isCompletedWithValue(4L);
		assertThat(this.asked).hasSize(2);
		this.reads.onReadState(this.asked.get(1), 5);
		assertThat(issued).allSatisfy((f) -> assertThat(f).isCompletedWithValue(5L));
	}

	@Test
	void readsIssuedFromCompletionsAtApplyShareTheNextRound() {
		CompletableFuture<Long> waiting = read();
		this.reads.onReadState(this.asked.get(0), 7);
		List<CompletableFuture<Long>> issued = new ArrayList<>();
		waiting.thenRun(() -> {
			issued.add(read());
			issued.add(read());
		});
		this.reads.onApplied(7);
		assertThat(waiting).isCompletedWithValue(7L);
		assertThat(this.asked).hasSize(2);
		this.reads.onReadState(this.asked.get(1), 7);
		assertThat(issued).allSatisfy((f) -> assertThat(f).isCompletedWithValue(7L));
	}

	@Test
	void anUnansweredRoundIsAskedAgainWithANewContext() {
		CompletableFuture<Long> a = read();
		this.reads.onTick();
		this.reads.onTick();
		assertThat(this.asked).hasSize(1);
		this.reads.onTick();
		assertThat(this.asked).hasSize(2);
		this.reads.onReadState(this.asked.get(0), 1);
		assertThat(a).isNotDone();
		this.reads.onReadState(this.asked.get(1), 2);
		assertThat(a).isCompletedWithValue(2L);
	}

	@Test
	void failAllFailsEveryWaitingRead() {
		CompletableFuture<Long> a = read();
		CompletableFuture<Long> b = read();
		this.reads.onReadState(this.asked.get(0), 9);
		this.reads.failAll(new RaftServerClosedException());
		assertThat(a).failsWithin(Duration.ZERO);
		assertThat(b).failsWithin(Duration.ZERO);
	}

	@Test
	void readsPastTheirDeadlineFailWithATimeoutWhereverTheyWaitAndTheOthersStillComplete() {
		CompletableFuture<Long> applying = read(100);
		CompletableFuture<Long> inFlight = read(200);
		this.reads.onReadState(this.asked.get(0), 9);
		CompletableFuture<Long> late = read(400);
		this.reads.expire(99);
		assertThat(applying).isNotDone();
		this.reads.expire(100);
		assertThat(applying).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(TimeoutException.class);
		assertThat(inFlight).isNotDone();
		this.reads.expire(200);
		assertThat(inFlight).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(TimeoutException.class);
		this.reads.onReadState(this.asked.get(1), 9);
		assertThat(late).isNotDone();
		this.reads.onReadState(this.asked.get(2), 9);
		this.reads.onApplied(9);
		assertThat(late).isCompletedWithValue(9L);
	}

	@Test
	void aReadIssuedFromTheCompletionOfAnExpiredOneJoinsTheNextRound() {
		CompletableFuture<Long> first = read(100);
		CompletableFuture<Long> second = new CompletableFuture<>();
		first.whenComplete((index, error) -> this.reads.request(second, 500));
		this.reads.expire(100);
		assertThat(first).isCompletedExceptionally();
		this.reads.onTick();
		this.reads.onTick();
		this.reads.onTick();
		this.reads.onReadState(this.asked.get(this.asked.size() - 1), 3);
		assertThat(second).isCompletedWithValue(3L);
	}

	private CompletableFuture<Long> read() {
		return read(Long.MAX_VALUE);
	}

	private CompletableFuture<Long> read(long deadline) {
		CompletableFuture<Long> f = new CompletableFuture<>();
		this.reads.request(f, deadline);
		return f;
	}
}
