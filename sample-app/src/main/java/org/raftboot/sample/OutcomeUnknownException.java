package org.raftboot.sample;

/**
 * The cluster could not tell whether (or could not confirm that) a request took effect: no leader,
 * a timeout, leadership lost while waiting, or the node stopping. Answered with 503 and the reason,
 * never with a guess.
 */
class OutcomeUnknownException extends RuntimeException {

	OutcomeUnknownException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
