package org.raftboot.benchmarks;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.raftboot.raft.pb.Message;

/**
 * The baseline: the bytes of the same MsgApp frame written by a bare Netty client to a Netty echo
 * server, already encoded, with the same window, so that the transport's own cost shows as the gap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RawNettyEchoBenchmark {

	@Param({ "128", "4096" })
	public int entrySize;

	@Param({ "64" })
	public int entriesPerMessage;

	private final AtomicLong echoed = new AtomicLong();

	private MultiThreadIoEventLoopGroup group;

	private Channel server;

	private Channel client;

	private ByteBuf frame;

	private long sentBytes;

	@Setup(Level.Trial)
	public void start() throws InterruptedException {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerSocketChannel> serverType = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		Class<? extends SocketChannel> socketType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
		this.group = new MultiThreadIoEventLoopGroup(2, io);
		Message message = AppendBatches.msgApp(1, 2, this.entriesPerMessage, this.entrySize);
		byte[] body = message.toByteArray();
		this.frame = Unpooled.directBuffer(4 + 9 + body.length);
		this.frame.writeInt(9 + body.length).writeByte(1).writeLong(0).writeBytes(body);
		this.server = new ServerBootstrap().group(this.group)
			.channel(serverType)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new Echo())
			.bind(new InetSocketAddress("127.0.0.1", 0))
			.sync()
			.channel();
		this.client = new Bootstrap().group(this.group)
			.channel(socketType)
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(new ChannelInboundHandlerAdapter() {
				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					ByteBuf bytes = (ByteBuf) msg;
					RawNettyEchoBenchmark.this.echoed.addAndGet(bytes.readableBytes());
					bytes.release();
				}
			})
			.connect(this.server.localAddress())
			.sync()
			.channel();
	}

	@Benchmark
	public void msgAppFrame(Throughput throughput) {
		int frameSize = this.frame.readableBytes();
		AppendBatches.awaitWindow(this.sentBytes, this.echoed::get, frameSize);
		this.client.writeAndFlush(this.frame.retainedDuplicate(), this.client.voidPromise());
		this.sentBytes += frameSize;
		throughput.entries += this.entriesPerMessage;
		throughput.bytes += (long) this.entriesPerMessage * this.entrySize;
	}

	@TearDown(Level.Trial)
	public void stop() throws InterruptedException {
		this.client.close().sync();
		this.server.close().sync();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
		this.frame.release();
	}

	/** Writes back whatever it reads, flushing once per read burst. */
	@io.netty.channel.ChannelHandler.Sharable
	private static final class Echo extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg, ctx.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}
	}
}
