package org.raftboot.transport;

/** The transport could not do what it was asked at start-up (bind the server socket, load TLS material). */
public class TransportException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public TransportException(String message, Throwable cause) {
		super(message, cause);
	}
}
