package org.raftboot.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

class NettyTransportHardeningTests {

	/** A peer the receiver knows, impersonated by the raw connections. */
	private static final long KNOWN = 5;

	private final TestNodes nodes = new TestNodes();

	/** Every logger: a bad connection must cost one warning line in the whole log, not one per handler. */
	private final LogCapture log = LogCapture.everything();

	private Node receiver;

	private Node wellBehaved;

	@BeforeEach
	void startNodes() {
		this.receiver = this.nodes.start(2);
		this.wellBehaved = this.nodes.start(3);
		TestNodes.mesh(this.receiver, this.wellBehaved);
		this.receiver.transport().addPeer(KNOWN, new InetSocketAddress("127.0.0.1", 1));
	}

	@AfterEach
	void close() {
		this.nodes.close();
		this.log.close();
	}

	static Stream<Arguments> badConnections() {
		return Stream.of(
				Arguments.of("garbage bytes", bytes("GET / HTTP/1.1\r\nHost: raft\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
						RejectReason.BAD_HEADER),
				Arguments.of("a header cut short", bytes(new byte[] { 0x52, 0x42, 0x54, 0x50, 1, 0 }), RejectReason.BAD_HEADER),
				Arguments.of("an unsupported version", header((b) -> {
					b.writeInt(Preface.MAGIC);
					b.writeByte(9);
					b.writeByte(Preface.MESSAGES);
					b.writeLong(TestNodes.CLUSTER);
					b.writeLong(KNOWN);
					b.writeLong(2);
				}), RejectReason.BAD_HEADER),
				Arguments.of("the wrong cluster id", preface(0xBAD, KNOWN, 2), RejectReason.WRONG_CLUSTER),
				Arguments.of("another node's id", preface(TestNodes.CLUSTER, KNOWN, 9), RejectReason.WRONG_NODE),
				Arguments.of("an unknown sender", preface(TestNodes.CLUSTER, 77, 2), RejectReason.UNKNOWN_SENDER),
				Arguments.of("an oversize frame", concat(valid(), header((b) -> b.writeInt(64 * 1024 * 1024))),
						RejectReason.FRAME_TOO_LARGE),
				Arguments.of("a truncated frame", concat(valid(), header((b) -> {
					b.writeInt(100);
					b.writeByte(Frames.MESSAGE);
					b.writeLong(0);
				})), RejectReason.TRUNCATED_FRAME),
				Arguments.of("protobuf that does not parse", concat(valid(), frame(Frames.MESSAGE, new byte[] { 0x08, -1,
						-1, -1, -1, -1, -1, -1, -1, -1, -1, -1 })), RejectReason.MALFORMED_FRAME),
				Arguments.of("an unknown frame kind", concat(valid(), frame((byte) 42, new byte[0])),
						RejectReason.MALFORMED_FRAME),
				Arguments.of("a message claiming another sender",
						concat(valid(), frame(Frames.MESSAGE, TestNodes.heartbeat(3, 2, 1).toByteArray())),
						RejectReason.MALFORMED_FRAME),
				Arguments.of("a message without a type",
						concat(valid(), frame(Frames.MESSAGE, Message.newBuilder().setFrom(KNOWN).setTo(2).build().toByteArray())),
						RejectReason.MALFORMED_FRAME));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badConnections")
	void aBadConnectionIsClosedWithOneWarningWhileAWellBehavedPeerCarriesOn(String name, byte[] bytes,
			RejectReason reason) throws Exception {
		AtomicBoolean attacking = new AtomicBoolean(true);
		CompletableFuture<Integer> traffic = CompletableFuture.supplyAsync(() -> sendWhile(attacking));
		eventually().until(() -> !this.receiver.handler().from(3).isEmpty());
		try (Socket socket = new Socket()) {
			socket.connect(this.receiver.address());
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(bytes);
			socket.shutdownOutput();
			assertThat(readToEnd(socket.getInputStream())).as("the server closes the connection").isTrue();
		}
		eventually().untilAsserted(() -> {
			assertThat(this.receiver.transport().metrics().rejectedConnections(reason)).isOne();
			assertThat(this.log.warnings()).hasSize(1);
		});
		attacking.set(false);
		int sent = traffic.join();
		eventually().untilAsserted(() -> assertThat(this.receiver.handler().from(3)).hasSize(sent));
		assertThat(this.receiver.handler().from(3)).extracting(Message::getIndex)
			.containsExactlyElementsOf(indexes(sent));
		assertThat(this.receiver.transport().metrics().rejectedConnections()).isOne();
		assertThat(this.wellBehaved.peer(2).connectionsEstablished()).isOne();
		assertThat(this.wellBehaved.listener().unreachable).isEmpty();
		assertThat(this.receiver.handler().from(KNOWN)).isEmpty();
		assertThat(this.log.warnings()).as("warnings once the traffic is over").hasSize(1);
	}

	@Test
	void aConnectionThatStaysSilentIsClosedWhenTheConnectTimeoutExpires() throws Exception {
		Node impatient = this.nodes.start(4, (config) -> config.connectTimeout(Duration.ofMillis(200)));
		try (Socket socket = new Socket()) {
			socket.connect(impatient.address());
			socket.setSoTimeout(10_000);
			assertThat(readToEnd(socket.getInputStream())).isTrue();
		}
		eventually().untilAsserted(
				() -> assertThat(impatient.transport().metrics().rejectedConnections(RejectReason.BAD_HEADER)).isOne());
		assertThat(this.log.warnings()).singleElement()
			.satisfies((warning) -> assertThat(warning.getParameters()[2]).isEqualTo("no header within 200 ms"));
	}

	private int sendWhile(AtomicBoolean running) {
		int sent = 0;
		while (running.get() || sent < 100) {
			List<Message> batch = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				batch.add(TestNodes.message(MessageType.MsgApp, 3, 2, sent++));
			}
			this.wellBehaved.transport().send(batch);
			final int expected = sent;
			eventually().until(() -> this.receiver.handler().from(3).size() >= expected - 500);
		}
		return sent;
	}

	private static List<Long> indexes(int count) {
		List<Long> indexes = new ArrayList<>();
		for (long i = 0; i < count; i++) {
			indexes.add(i);
		}
		return indexes;
	}

	private static boolean readToEnd(InputStream in) throws IOException {
		try {
			while (in.read() != -1) {
				// the server sends nothing; anything read would be skipped
			}
			return true;
		}
		catch (IOException ex) {
			return ex.getMessage() != null && ex.getMessage().contains("reset");
		}
	}

	private static byte[] valid() {
		return preface(TestNodes.CLUSTER, KNOWN, 2);
	}

	private static byte[] preface(long cluster, long sender, long target) {
		return header((b) -> new Preface(Preface.MESSAGES, cluster, sender, target).writeTo(b));
	}

	private static byte[] frame(byte kind, byte[] body) {
		return header((b) -> {
			Frames.writeHeader(b, kind, 0, body.length);
			b.writeBytes(body);
		});
	}

	private static byte[] header(java.util.function.Consumer<ByteBuf> writer) {
		ByteBuf buf = Unpooled.buffer();
		writer.accept(buf);
		return ByteBufUtil.getBytes(buf);
	}

	private static byte[] bytes(byte[] bytes) {
		return bytes;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}
}
