package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.ProposalDroppedException;

class ProposalsTests {

	@Test
	void anAppliedProposalCompletesItsFutureAndFailsTheEarlierOnesThatCanNoLongerCommit() {
		Proposals proposals = new Proposals();
		CompletableFuture<Applied> first = new CompletableFuture<>();
		CompletableFuture<Applied> second = new CompletableFuture<>();
		CompletableFuture<Applied> third = new CompletableFuture<>();
		proposals.add(1, first, 100);
		proposals.add(2, second, 100);
		proposals.add(3, third, 100);
		Applied applied = new Applied(10, 2, "ok");
		proposals.applied(2, applied);
		assertThat(first).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(ProposalDroppedException.class);
		assertThat(second).isCompletedWithValue(applied);
		assertThat(third).isNotDone();
	}

	@Test
	void aFinishedFutureIsForgottenAndALaterSequenceWithoutAFutureStillFailsTheEarlierOnes() {
		Proposals proposals = new Proposals();
		CompletableFuture<Applied> timedOut = new CompletableFuture<>();
		proposals.add(1, timedOut, 100);
		timedOut.completeExceptionally(new IllegalStateException("timeout"));
		CompletableFuture<Applied> later = new CompletableFuture<>();
		proposals.add(2, later, 100);
		proposals.applied(7, new Applied(1, 1, null));
		assertThat(timedOut).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalStateException.class);
		assertThat(later).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(ProposalDroppedException.class);
	}

	@Test
	void failAllFailsEveryPendingFuture() {
		Proposals proposals = new Proposals();
		CompletableFuture<Applied> pending = new CompletableFuture<>();
		proposals.add(1, pending, 100);
		proposals.failAll(new RaftServerClosedException());
		assertThat(pending).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(RaftServerClosedException.class);
	}

	@Test
	void proposalsPastTheirDeadlineFailWithATimeoutAndAreWithdrawnFromTheNode() {
		Proposals proposals = new Proposals();
		CompletableFuture<Applied> first = new CompletableFuture<>();
		CompletableFuture<Applied> second = new CompletableFuture<>();
		CompletableFuture<Void> firstAccepted = new CompletableFuture<>();
		proposals.add(1, first, 100).acceptedBy(firstAccepted);
		proposals.add(2, second, 200).acceptedBy(CompletableFuture.completedFuture(null));
		proposals.expire(99);
		assertThat(first).isNotDone();
		proposals.expire(150);
		assertThat(first).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(TimeoutException.class);
		assertThat(firstAccepted).isCancelled();
		assertThat(second).isNotDone();
		Applied applied = new Applied(3, 1, "ok");
		proposals.applied(2, applied);
		assertThat(second).isCompletedWithValue(applied);
		proposals.expire(1000);
		assertThat(second).isCompletedWithValue(applied);
	}
}
