package org.raftboot.transport;

import java.util.List;
import java.util.logging.LogRecord;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

/** Connections opened only when needed, on epoll or NIO, and everything released at close. */
class NettyTransportLifecycleTests {

	private final TestNodes nodes = new TestNodes();

	private final LogCapture log = LogCapture.of(NettyTransport.class);

	@AfterEach
	void close() {
		this.nodes.close();
		this.log.close();
	}

	@Test
	void noConnectionIsOpenedBeforeTheFirstMessageForAPeer() {
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		assertThat(a.peer(2).connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
		assertThat(a.peer(2).connectionsEstablished()).isZero();

		a.transport().send(List.of(TestNodes.heartbeat(1, 2, 1)));
		eventually().until(() -> b.handler().count() == 1);
		assertThat(a.peer(2).connectionState()).isEqualTo(ConnectionState.CONNECTED);
		assertThat(a.peer(2).connectionsEstablished()).isOne();
		assertThat(b.peer(1).connectionState()).as("the way back is opened by its own first message")
			.isEqualTo(ConnectionState.DISCONNECTED);
	}

	@Test
	void aTransportOnNioExchangesMessagesWithOneOnEpollWhenAvailable() {
		Node nio = this.nodes.start(1, (config) -> config.preferNativeTransport(false));
		Node preferred = this.nodes.start(2);
		TestNodes.mesh(nio, preferred);
		assertThat(this.log.records).filteredOn((record) -> record.getMessage().contains("listening"))
			.extracting(NettyTransportLifecycleTests::kind)
			.containsExactly("nio", Epoll.isAvailable() ? "epoll" : "nio");

		nio.transport().send(List.of(TestNodes.heartbeat(1, 2, 1)));
		preferred.transport().send(List.of(TestNodes.heartbeat(2, 1, 1)));
		eventually().until(() -> nio.handler().count() == 1 && preferred.handler().count() == 1);
	}

	@Test
	void closingEndsEveryConnectionAndThreadOfTheTransport() {
		Node closing = this.nodes.start(0x51);
		Node other = this.nodes.start(2);
		TestNodes.mesh(closing, other);
		closing.transport().send(List.of(TestNodes.heartbeat(0x51, 2, 1)));
		other.transport().send(List.of(TestNodes.heartbeat(2, 0x51, 1)));
		eventually().until(() -> closing.handler().count() == 1 && other.handler().count() == 1);
		assertThat(transportThreads("raft-transport-51-")).isNotEmpty();

		closing.transport().close();
		eventually().untilAsserted(() -> {
			assertThat(transportThreads("raft-transport-51-")).isEmpty();
			assertThat(other.peer(0x51).connectionState()).as("the other side of its inbound connection")
				.isNotEqualTo(ConnectionState.CONNECTED);
		});
		assertThat(other.listener().unreachable).contains(new RecordingListener.Report(0, 0x51));
	}

	private static List<String> transportThreads(String prefix) {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter((name) -> name.startsWith(prefix))
			.toList();
	}

	/** epoll or nio, as the start-up line says. */
	private static Object kind(LogRecord record) {
		return record.getParameters()[2];
	}
}
