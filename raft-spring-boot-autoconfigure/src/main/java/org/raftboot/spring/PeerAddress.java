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
		boolean ipv6 = host.startsWith("[") && host.endsWith("]");
		if (ipv6) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.contains(":")) {
			throw new IllegalArgumentException("an IPv6 host must be in brackets, as [::1]:7001");
		}
		if (!host.chars().allMatch((c) -> isHostCharacter(c) || (ipv6 && (c == ':' || c == '%')))) {
			throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
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

	private static boolean isHostCharacter(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
	}

}
