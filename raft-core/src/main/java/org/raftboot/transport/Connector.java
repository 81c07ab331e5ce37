package org.raftboot.transport;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.jspecify.annotations.Nullable;

/**
 * Opens outbound connections: TCP, then the TLS handshake when configured, then the {@link Preface}.
 * The returned future completes once the connection is ready for frames, on the given event loop.
 */
final class Connector {

	private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

	private final TransportConfig config;

	private final EventLoops loops;

	private final @Nullable SslContext ssl;

	Connector(TransportConfig config, EventLoops loops, @Nullable SslContext ssl) {
		this.config = config;
		this.loops = loops;
		this.ssl = ssl;
	}

	Future<Channel> connect(EventLoop loop, InetSocketAddress address, byte kind, long peerId,
			Supplier<ChannelHandler[]> handlers) {
		Promise<Channel> ready = loop.newPromise();
		Bootstrap bootstrap = new Bootstrap().group(loop)
			.channel(this.loops.socketType())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.config.connectTimeout().toMillis())
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
			.handler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel ch) {
					if (Connector.this.ssl != null) {
						ch.pipeline()
							.addLast(Connector.this.ssl.newHandler(ch.alloc(), address.getHostString(), address.getPort()));
					}
					ch.pipeline().addLast(handlers.get());
				}
			});
		bootstrap.connect(address).addListener((ChannelFuture connected) -> {
			if (!connected.isSuccess()) {
				ready.tryFailure(connected.cause());
				return;
			}
			Channel channel = connected.channel();
			SslHandler tls = channel.pipeline().get(SslHandler.class);
			if (tls == null) {
				sendPreface(channel, kind, peerId, ready);
				return;
			}
			tls.handshakeFuture().addListener((Future<Channel> handshake) -> {
				if (handshake.isSuccess()) {
					sendPreface(channel, kind, peerId, ready);
				}
				else {
					ready.tryFailure(handshake.cause());
					channel.close();
				}
			});
		});
		return ready;
	}

	private void sendPreface(Channel channel, byte kind, long peerId, Promise<Channel> ready) {
		ByteBuf header = channel.alloc().buffer(Preface.SIZE);
		new Preface(kind, this.config.clusterId(), this.config.nodeId(), peerId).writeTo(header);
		channel.writeAndFlush(header, channel.voidPromise());
		ready.trySuccess(channel);
	}
}
