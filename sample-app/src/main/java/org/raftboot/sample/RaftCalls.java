package org.raftboot.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.server.NotLeaderException;
import org.raftboot.server.RaftServerClosedException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Waits for the replica's futures on behalf of an HTTP request and turns every failure into an
 * {@link OutcomeUnknownException} with a short reason. The replica ends each future itself after
 * {@code raft.request-timeout}; the extra grace here only guards against a future that never ends.
 */
@Component
class RaftCalls {

	private static final Duration GRACE = Duration.ofSeconds(5);

	private final Duration timeout;

	RaftCalls(@Value("${raft.request-timeout:10s}") Duration requestTimeout) {
		this.timeout = requestTimeout.plus(GRACE);
	}

	<T> T await(CompletableFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OutcomeUnknownException("interrupted while waiting for the cluster", ex);
		}
		catch (TimeoutException ex) {
			throw new OutcomeUnknownException("timed out waiting for the cluster", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw new OutcomeUnknownException(reason(cause), (cause != null) ? cause : ex);
		}
	}

	private static String reason(Throwable cause) {
		if (cause instanceof NotLeaderException) {
			return "no leader";
		}
		if (cause instanceof ProposalDroppedException) {
			return "request dropped (no leader or leadership changed)";
		}
		if (cause instanceof TimeoutException) {
			return "timed out waiting for the cluster";
		}
		if (cause instanceof RaftServerClosedException) {
			return "node is stopping";
		}
		return "cluster error: " + cause;
	}

}
