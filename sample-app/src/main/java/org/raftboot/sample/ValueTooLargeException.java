package org.raftboot.sample;

/** A request body above the configured limit; answered with 413. */
class ValueTooLargeException extends RuntimeException {

	ValueTooLargeException(int limit) {
		super("value larger than " + limit + " bytes");
	}

}
