package org.raftboot.sample;

import java.net.InetSocketAddress;

/** Parses the {@code host:port} a new member is reached at (IPv6 hosts in brackets). */
final class PeerAddress {

	private PeerAddress() {
	}

	static InetSocketAddress parse(String text) {
		int colon = text.lastIndexOf(':');
		if (colon <= 0 || colon == text.length() - 1) {
			throw new IllegalArgumentException("expected host:port, got '" + text + "'");
		}
		String host = text.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port;
		try {
			port = Integer.parseInt(text.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("expected host:port, got '" + text + "'");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port out of range in '" + text + "'");
		}
		return new InetSocketAddress(host, port);
	}

}
