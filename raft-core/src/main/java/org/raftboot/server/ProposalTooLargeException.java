package org.raftboot.server;

/**
 * The proposal is larger than one message of the transport can carry: no peer could ever receive
 * the entry, and every entry after it would wait behind it. Split the data, or raise the transport's
 * maximum frame size.
 */
public final class ProposalTooLargeException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	ProposalTooLargeException(int size, int max) {
		super("a proposal of " + size + " bytes is larger than the " + max
				+ " bytes one message of the transport can carry (raise its maximum frame size)");
	}
}
