package org.raftboot.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * The address every member dials to reach one member: a listening socket on 127.0.0.1
 * (ephemeral port) whose connections are relayed to the member's real address, which may change
 * when it restarts. The dialler is known from the transport's preface, the fixed header a
 * connection starts with (magic, version, kind, cluster id, sender id, target id): its bytes go
 * through the flow from the sender to this member, the replies through the flow back.
 */
final class Front implements AutoCloseable {

	/** The preface's size and where the sender id lies in it. */
	static final int PREFACE_SIZE = 4 + 1 + 1 + 3 * Long.BYTES;

	private static final int SENDER_OFFSET = 4 + 1 + 1 + Long.BYTES;

	private final long member;

	private final ServerSocket listener;

	private final BiFunction<Long, Long, @Nullable Flow> flows;

	private volatile InetSocketAddress target;

	Front(long member, InetSocketAddress target, BiFunction<Long, Long, @Nullable Flow> flows) throws IOException {
		this.member = member;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.target = target;
		this.flows = flows;
		daemon(this::accept, "proxy-front-" + member);
	}

	InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
	}

	/** Relays new connections to {@code target} from now on (the member restarted there). */
	void retarget(InetSocketAddress target) {
		this.target = target;
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				daemon(() -> relay(client), "proxy-front-" + this.member + "-handshake");
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	/** Reads the preface to learn who dials, then relays (a stranger is hung up on). */
	private void relay(Socket client) {
		try {
			client.setSoTimeout(5000);
			byte[] preface = readPreface(client.getInputStream());
			client.setSoTimeout(0);
			long sender = ByteBuffer.wrap(preface).getLong(SENDER_OFFSET);
			Flow forward = this.flows.apply(sender, this.member);
			Flow backward = this.flows.apply(this.member, sender);
			if (forward == null || backward == null) {
				throw new IOException("unknown sender " + sender);
			}
			Socket server = new Socket();
			server.connect(this.target, 1000);
			client.setTcpNoDelay(true);
			server.setTcpNoDelay(true);
			new Relay(client, server, forward, backward).start(preface);
		}
		catch (IOException ex) {
			// a stranger, or the member is down: the dialler sees its connection closed, as it would
			close(client);
		}
	}

	private static byte[] readPreface(InputStream in) throws IOException {
		byte[] preface = in.readNBytes(PREFACE_SIZE);
		if (preface.length < PREFACE_SIZE) {
			throw new IOException("connection closed before its preface");
		}
		return preface;
	}

	private static void daemon(Runnable body, String name) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		thread.start();
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
