package org.raftboot.transport;

/**
 * Thrown inside the pipeline when an inbound connection breaks the protocol; {@link InboundGuard}
 * turns it into one warning, one count and a close. Stackless: the reason says it all.
 */
final class RejectedConnectionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final RejectReason reason;

	RejectedConnectionException(RejectReason reason, String detail) {
		super(detail, null, false, false);
		this.reason = reason;
	}

	RejectReason reason() {
		return this.reason;
	}
}
