package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.ProposalDroppedException;

class ProposalsTests {

	@Test
	void anAppliedProposalCompletesItsFutureAndFailsTheEarlierOnesThatCanNoLongerCommit() {
		Proposals proposals = new Proposals();
		CompletableFuture<Applied> first = new CompletableFuture<>();
		CompletableFuture<Applied> second = new CompletableFuture<>();
		CompletableFuture<Applied> third = new CompletableFuture<>();
		proposals.add(1, first);
		proposals.add(2, second);
		proposals.add(3, third);
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
		proposals.add(1, timedOut);
		timedOut.completeExceptionally(new IllegalStateException("timeout"));
		CompletableFuture<Applied> later = new CompletableFuture<>();
		proposals.add(2, later);
		proposals.applied(7, new Applied(1, 1, null));
		assertThat(timedOut).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalStateException.class);
		assertThat(later).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(ProposalDroppedException.class);
	}

	@Test
	void failAllFailsEveryPendingFuture() {
		Proposals proposals = new Proposals();
		CompletableFuture<Applied> pending = new CompletableFuture<>();
		proposals.add(1, pending);
		proposals.failAll(new RaftServerClosedException());
		assertThat(pending).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(RaftServerClosedException.class);
	}
}
