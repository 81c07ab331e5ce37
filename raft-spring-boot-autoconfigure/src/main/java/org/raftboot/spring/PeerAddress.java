package org.raftboot.spring;

import java.net.InetSocketAddress;

/**
 * Reads a member's peer address as users write it, {@code host:port} (an IPv6 host in brackets,
 * {@code [::1]:7001}), the same way for {@code raft.peers} and for membership calls.
 *
 * @since 0.1.0
 */
public final class PeerAddress {

	private PeerAddress() {
	}

	/**
	 * The socket address written as {@code text}.
	 * @throws IllegalArgumentException saying what is wrong with it
	 */
	public static InetSocketAddress parse(String text) {
		String value = text.strip();
		int colon = value.lastIndexOf(':');
		if (colon <= 0 || colon == value.length() - 1) {
			throw new IllegalArgumentException("expected host:port");
		}
		String host = value.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.contains(":")) {
			throw new IllegalArgumentException("an IPv6 host must be in brackets, as [::1]:7001");
		}
		int port;
		try {
			port = Integer.parseInt(value.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("the port is not a number");
		}
		if (host.isBlank()) {
			throw new IllegalArgumentException("the host is empty");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("the port is out of range");
		}
		return new InetSocketAddress(host, port);
	}

}
