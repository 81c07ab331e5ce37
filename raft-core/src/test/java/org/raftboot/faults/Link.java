package org.raftboot.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The proxy a member dials to reach one peer: a listening socket on 127.0.0.1 (ephemeral port);
 * each accepted connection is relayed to the peer's real address, its bytes going through the
 * flow from the dialler to the peer and the replies through the flow back.
 */
final class Link implements AutoCloseable {

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final Flow forward;

	private final Flow backward;

	Link(InetSocketAddress target, Flow forward, Flow backward) throws IOException {
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.target = target;
		this.forward = forward;
		this.backward = backward;
		Thread thread = new Thread(this::accept, "proxy-" + forward + "-accept");
		thread.setDaemon(true);
		thread.start();
	}

	InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			Socket client;
			try {
				client = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			try {
				Socket server = new Socket();
				server.connect(this.target, 1000);
				client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
				new Relay(client, server, this.forward, this.backward).start();
			}
			catch (IOException ex) {
				// the peer is down: the dialler sees its connection closed, as it would
				close(client);
			}
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
	}

}
