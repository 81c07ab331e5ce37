package org.raftboot.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SelfConnectionTests {

	@Test
	void aSocketConnectedToItselfIsRecognisedAndAnOrdinaryConnectionIsNot() throws Exception {
		MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Bootstrap bootstrap = new Bootstrap().group(group)
				.channel(NioSocketChannel.class)
				.handler(new NoOp());
			Channel ordinary = bootstrap.connect(server.getLocalSocketAddress()).sync().channel();
			assertThat(Connector.isSelfConnection(ordinary)).isFalse();
			ordinary.close().sync();

			int port = freePort();
			InetSocketAddress self = new InetSocketAddress("127.0.0.1", port);
			Channel looped = bootstrap.localAddress(self).connect(self).sync().channel();
			assertThat(looped.remoteAddress()).isEqualTo(self);
			assertThat(Connector.isSelfConnection(looped)).isTrue();
			looped.close().sync();
		}
		finally {
			group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
		}
	}

	@ChannelHandler.Sharable
	private static final class NoOp extends ChannelInboundHandlerAdapter {

	}

	private static int freePort() throws Exception {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

}
