package org.raftboot.transport;

/** Why an inbound connection was closed: each rejected connection is counted under one reason. */
public enum RejectReason {

	/** The connection did not start with a valid header (magic, version, kind), or ended inside it. */
	BAD_HEADER,

	/** The header named another cluster. */
	WRONG_CLUSTER,

	/** The header was meant for another node id. */
	WRONG_NODE,

	/** The sender is not a known peer. */
	UNKNOWN_SENDER,

	/** A frame announced more bytes than the maximum frame size. */
	FRAME_TOO_LARGE,

	/** The connection ended in the middle of a frame. */
	TRUNCATED_FRAME,

	/** A frame did not parse or broke the protocol (unknown kind, bad protobuf, spoofed sender). */
	MALFORMED_FRAME,

	/** The TLS handshake failed: plaintext, untrusted or missing certificate. */
	TLS_HANDSHAKE
}
