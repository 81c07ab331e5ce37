package org.raftboot.server;

import java.util.concurrent.TimeoutException;

/**
 * This replica can no longer tell whether a proposal took effect: it caught up through a snapshot that
 * covers the proposal's place in the log, so the entry was either applied into that snapshot or
 * skipped as a late duplicate. A {@link TimeoutException}, so callers that treat a timeout as an
 * unknown outcome handle it the same way.
 */
public final class ProposalOutcomeUnknownException extends TimeoutException {

	private static final long serialVersionUID = 1L;

	ProposalOutcomeUnknownException() {
		super("outcome unknown: this replica caught up through a snapshot that covers the proposal");
	}

}
