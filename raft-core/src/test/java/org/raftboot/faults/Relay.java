package org.raftboot.faults;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One proxied connection between a member that dialled and the member it dialled: a pipe each
 * way, each under its own {@link Flow}. Ending either direction (EOF, error, or {@link #cut})
 * closes both sockets, as a reset does.
 */
final class Relay {

	private final Socket client;

	private final Socket server;

	private final Flow forward;

	private final Flow backward;

	private final AtomicBoolean closed = new AtomicBoolean();

	Relay(Socket client, Socket server, Flow forward, Flow backward) {
		this.client = client;
		this.server = server;
		this.forward = forward;
		this.backward = backward;
	}

	/** Starts relaying; {@code preface} (already read from the client) goes first, as any bytes. */
	void start(byte[] preface) throws IOException {
		this.forward.carry(this);
		this.backward.carry(this);
		String name = "proxy-" + this.forward + "-" + this.client.getPort();
		new Pipe(this.forward, this.client.getInputStream(), this.server.getOutputStream(), this::cut).start(name + "-fwd",
				preface);
		new Pipe(this.backward, this.server.getInputStream(), this.client.getOutputStream(), this::cut).start(name + "-back",
				new byte[0]);
	}

	/** Closes both sockets now (a connection reset for both ends). */
	void cut() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.forward.release(this);
		this.backward.release(this);
		close(this.client);
		close(this.server);
	}

	private static void close(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
