package org.raftboot.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy that forwards each connection faithfully until the client has sent a given number of
 * bytes, then either cuts the connection or stalls it (stops forwarding, keeps it open).
 */
final class ChokingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final long budget;

	private final boolean cut;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	ChokingProxy(InetSocketAddress target, long budget, boolean cut) throws IOException {
		this.server = new ServerSocket(0, 50, target.getAddress());
		this.target = target;
		this.budget = budget;
		this.cut = cut;
		daemon(this::acceptLoop);
	}

	InetSocketAddress address() {
		return (InetSocketAddress) this.server.getLocalSocketAddress();
	}

	private void acceptLoop() {
		try {
			while (true) {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.target.getAddress(), this.target.getPort());
				this.sockets.add(client);
				this.sockets.add(upstream);
				daemon(() -> pump(client, upstream, this.budget));
				daemon(() -> pump(upstream, client, Long.MAX_VALUE));
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	private void pump(Socket from, Socket to, long limit) {
		byte[] buffer = new byte[64 * 1024];
		long remaining = limit;
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			while (remaining > 0) {
				int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
				if (n < 0) {
					break;
				}
				out.write(buffer, 0, n);
				remaining -= n;
			}
			if (remaining == 0 && !this.cut) {
				return; // stall: both sockets stay open until the proxy closes
			}
			from.close();
			to.close();
		}
		catch (IOException ex) {
			// one side went away
		}
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "choking-proxy");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}
}
