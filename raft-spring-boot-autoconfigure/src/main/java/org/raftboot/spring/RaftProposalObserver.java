package org.raftboot.spring;

import java.time.Duration;

/**
 * Told how each proposal made through {@link RaftTemplate} ended and how long it took; beans of this
 * type are handed to the template (the metrics auto-configuration registers one).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RaftProposalObserver {

	/** A proposal ended after {@code latency} with {@code outcome}. */
	void onProposal(Duration latency, Outcome outcome);

	/** How a proposal ended. */
	enum Outcome {

		/** Committed and applied on this replica. */
		COMMITTED,

		/** Refused by Raft (no leader, proposal dropped, or not the leader with forwarding off). */
		DROPPED,

		/** Timed out (the outcome is unknown) or failed otherwise. */
		FAILED

	}

}
