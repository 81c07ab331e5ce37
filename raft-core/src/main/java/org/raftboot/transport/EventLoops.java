package org.raftboot.transport;

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
import io.netty.util.concurrent.DefaultThreadFactory;

/** The I/O threads and socket types of a transport: epoll when the native library loads, NIO otherwise. */
record EventLoops(MultiThreadIoEventLoopGroup group, Class<? extends SocketChannel> socketType,
		Class<? extends ServerSocketChannel> serverType, String kind) {

	static EventLoops create(TransportConfig config) {
		DefaultThreadFactory threads = new DefaultThreadFactory("raft-transport-" + Long.toHexString(config.nodeId()), true);
		if (config.preferNativeTransport() && epollAvailable()) {
			return new EventLoops(group(config, threads, EpollIoHandler.newFactory()), EpollSocketChannel.class,
					EpollServerSocketChannel.class, "epoll");
		}
		return new EventLoops(group(config, threads, NioIoHandler.newFactory()), NioSocketChannel.class,
				NioServerSocketChannel.class, "nio");
	}

	private static MultiThreadIoEventLoopGroup group(TransportConfig config, DefaultThreadFactory threads,
			IoHandlerFactory factory) {
		return new MultiThreadIoEventLoopGroup(config.ioThreads(), threads, factory);
	}

	private static boolean epollAvailable() {
		try {
			return Epoll.isAvailable();
		}
		catch (LinkageError ex) {
			return false;
		}
	}
}
