package org.raftboot.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy on real sockets: each fault does what it says to the bytes of one flow, and heals. */
class FaultProxyTests {

	private final Peer one = new Peer();

	private final Peer two = new Peer();

	private final Peer three = new Peer();

	private final FaultProxy proxy = new FaultProxy(Map.of(1L, this.one.address(), 2L, this.two.address(), 3L,
			this.three.address()));

	@AfterEach
	void close() throws IOException {
		this.proxy.close();
		this.one.close();
		this.two.close();
		this.three.close();
	}

	@Test
	void bytesGoBothWaysThroughTheProxy() throws IOException {
		try (Socket socket = dial(1, 2)) {
			send(socket, "hello");
			await().until(() -> this.two.received().equals("hello"));
			this.two.reply("hi back");
			assertThat(read(socket, 7)).isEqualTo("hi back");
		}
	}

	@Test
	void aOneWayDropLosesTheBytesOfThatWayOnlyAndHealingLetsANewConnectionThrough() throws IOException {
		this.proxy.drop(1, 2);
		try (Socket socket = dial(1, 2)) {
			send(socket, "lost");
			await().until(() -> this.two.connections() == 1);
			this.two.reply("replies pass");
			assertThat(read(socket, 12)).isEqualTo("replies pass");
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
				.until(() -> this.two.received().isEmpty());
		}
		this.proxy.heal(1, 2);
		try (Socket socket = dial(1, 2)) {
			send(socket, "found");
			await().until(() -> this.two.received().equals("found"));
		}
	}

	@Test
	void startingAndEndingADropCutsTheConnectionsCarryingIt() throws IOException {
		try (Socket socket = dial(1, 2)) {
			send(socket, "a");
			await().until(() -> this.two.received().equals("a"));
			this.proxy.drop(2, 1);
			assertClosed(socket);
		}
		try (Socket socket = dial(1, 2)) {
			send(socket, "b");
			await().until(() -> this.two.received().equals("ab"));
			this.proxy.heal(2, 1);
			assertClosed(socket);
		}
	}

	@Test
	void aDelayHoldsEveryChunkAtLeastThatLongAndKeepsTheirOrder() throws IOException {
		this.proxy.delay(1, 2, Duration.ofMillis(300));
		try (Socket socket = dial(1, 2)) {
			long start = System.nanoTime();
			for (int i = 0; i < 10; i++) {
				send(socket, Integer.toString(i));
			}
			await().until(() -> this.two.received().equals("0123456789"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
	}

	@Test
	void aCutClosesTheConnectionAndTheNextOneWorks() throws IOException {
		try (Socket socket = dial(1, 2)) {
			send(socket, "x");
			await().until(() -> this.two.received().equals("x"));
			this.proxy.cut(2, 1);
			assertClosed(socket);
		}
		try (Socket socket = dial(1, 2)) {
			send(socket, "y");
			await().until(() -> this.two.received().equals("xy"));
		}
	}

	@Test
	void aStalledMemberGetsNothingUntilResumedAndThenEverythingInOrder() throws IOException {
		try (Socket socket = dial(1, 2)) {
			send(socket, "1");
			await().until(() -> this.two.received().equals("1"));
			this.proxy.stall(2);
			send(socket, "2");
			send(socket, "3");
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
				.until(() -> this.two.received().length() <= 2);
			this.proxy.resume(2);
			await().until(() -> this.two.received().equals("123"));
		}
	}

	@Test
	void aRestartedMemberIsReachedAtItsNewAddressThroughTheSameProxyAddress() throws IOException {
		try (Peer moved = new Peer()) {
			this.proxy.retarget(2, moved.address());
			try (Socket socket = dial(1, 2)) {
				send(socket, "moved");
				await().until(() -> moved.received().equals("moved"));
			}
		}
	}

	@Test
	void aPartitionDropsBetweenSidesOnlyAndAMemberInNoSideBridgesThem() throws IOException {
		this.proxy.partition(List.of(Set.of(1L), Set.of(2L)));
		try (Socket oneToTwo = dial(1, 2); Socket oneToThree = dial(1, 3); Socket threeToTwo = dial(3, 2)) {
			send(oneToTwo, "cut off");
			send(oneToThree, "bridge");
			send(threeToTwo, "bridged");
			await().until(() -> this.three.received().equals("bridge"));
			await().until(() -> this.two.received().equals("bridged"));
		}
	}

	/** Connects as the transport does: a preface naming the sender first. */
	private Socket dial(long from, long to) throws IOException {
		Socket socket = new Socket();
		socket.connect(this.proxy.address(to), 2000);
		socket.setSoTimeout(5000);
		ByteBuffer preface = ByteBuffer.allocate(Front.PREFACE_SIZE).putInt(0x52425450).put((byte) 1).put((byte) 0)
			.putLong(1).putLong(from).putLong(to);
		socket.getOutputStream().write(preface.array());
		return socket;
	}

	/** The proxy closed the connection: end of stream, or a reset. */
	private static void assertClosed(Socket socket) {
		int read;
		try {
			read = socket.getInputStream().read();
		}
		catch (IOException ex) {
			read = -1;
		}
		assertThat(read).as("read after the cut").isEqualTo(-1);
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
	}

	private static String read(Socket socket, int length) throws IOException {
		return new String(socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
	}

	/**
	 * A member: accepts connections, keeps what arrives after each preface, replies on the latest
	 * connection.
	 */
	private static final class Peer implements AutoCloseable {

		private final ServerSocket listener;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		Peer() {
			try {
				this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
			Thread thread = new Thread(this::accept, "peer-accept");
			thread.setDaemon(true);
			thread.start();
		}

		InetSocketAddress address() {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
		}

		private void accept() {
			try {
				while (true) {
					Socket socket = this.listener.accept();
					this.accepted.add(socket);
					Thread reader = new Thread(() -> drain(socket), "peer-read");
					reader.setDaemon(true);
					reader.start();
				}
			}
			catch (IOException ex) {
				// closed
			}
		}

		private void drain(Socket socket) {
			byte[] buffer = new byte[1024];
			try (InputStream in = socket.getInputStream()) {
				assertThat(in.readNBytes(Front.PREFACE_SIZE)).hasSize(Front.PREFACE_SIZE);
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					synchronized (this.received) {
						this.received.write(buffer, 0, n);
					}
				}
			}
			catch (IOException ex) {
				// reset
			}
		}

		String received() {
			synchronized (this.received) {
				return this.received.toString(StandardCharsets.UTF_8);
			}
		}

		int connections() {
			return this.accepted.size();
		}

		void reply(String text) throws IOException {
			send(this.accepted.get(this.accepted.size() - 1), text);
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
