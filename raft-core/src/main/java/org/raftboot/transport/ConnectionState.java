package org.raftboot.transport;

/** The state of the outbound message connection to a peer, as shown by metrics and the actuator. */
public enum ConnectionState {

	/** No connection; the next message opens one. */
	DISCONNECTED,

	/** A connection (and TLS handshake) is under way; messages wait in the queue. */
	CONNECTING,

	/** Messages flow. */
	CONNECTED,

	/** The last attempt failed or the connection broke; messages are dropped until the backoff ends. */
	BACKING_OFF
}
