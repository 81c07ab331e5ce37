package org.raftboot.transport;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * The {@link Transport} over TCP with Netty: one server socket, one lazily opened message connection
 * per peer shared by every Raft group, one extra connection per snapshot in flight. Epoll is used when
 * available, NIO otherwise; TLS with mutual authentication when {@link TransportConfig#tls()} is set.
 * See {@link Frames} and {@link Preface} for the wire format.
 */
public final class NettyTransport implements Transport {

	private static final System.Logger logger = System.getLogger(NettyTransport.class.getName());

	static final String GUARD = "guard";

	private static final long CLOSE_TIMEOUT_SECONDS = 5;

	private final TransportConfig config;

	private final TransportListener listener;

	private final Map<Long, MessageHandler> handlers = new ConcurrentHashMap<>();

	private final Map<Long, PeerMetrics> peerMetrics = new ConcurrentHashMap<>();

	private final Map<Long, PeerChannel> peers = new ConcurrentHashMap<>();

	private final TransportMetrics metrics = new TransportMetrics(this.peerMetrics);

	private final EventLoops loops;

	/** The event loop of every connection, with one I/O thread. */
	private final @Nullable EventLoop onlyLoop;

	/** Every open connection, inbound and outbound, so that closing reaches each one. */
	private final ChannelGroup channels;

	private final PeerContext peerContext;

	private final ThreadPoolExecutor snapshotSyncs;

	private final @Nullable SslContext serverSsl;

	private volatile @Nullable Channel server;

	private volatile boolean closed;

	public NettyTransport(TransportConfig config, TransportListener listener) {
		this.config = config;
		this.listener = listener;
		TlsConfig tls = config.tls();
		this.serverSsl = (tls != null) ? tls.serverContext() : null;
		SslContext clientSsl = (tls != null) ? tls.clientContext() : null;
		this.loops = EventLoops.create(config);
		this.onlyLoop = (config.ioThreads() == 1) ? this.loops.group().next() : null;
		this.channels = new DefaultChannelGroup("raft-transport", this.loops.group().next());
		this.snapshotSyncs = SnapshotFileSync.newExecutor(config.nodeId());
		Backoff backoff = new Backoff(config.reconnectBackoffMin(), config.reconnectBackoffMax(), new SplittableRandom());
		this.peerContext = new PeerContext(config, listener,
				new Connector(config, this.loops, clientSsl, this.channels), backoff);
	}

	@Override
	public synchronized void start() {
		if (this.server != null || this.closed) {
			throw new IllegalStateException("Transport already " + (this.closed ? "closed" : "started"));
		}
		InboundRouting routing = new InboundRouting(this.config, this.metrics, this.peerMetrics, this.handlers,
				this.snapshotSyncs, (peerId) -> {
					PeerChannel peer = this.peers.get(peerId);
					if (peer != null) {
						peer.connectedIn();
					}
				});
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.loops.group())
			.channel(this.loops.serverType())
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel ch) {
					NettyTransport.this.channels.add(ch);
					if (NettyTransport.this.serverSsl != null) {
						ch.pipeline().addLast(NettyTransport.this.serverSsl.newHandler(ch.alloc()));
					}
					ch.pipeline().addLast("preface", new PrefaceHandler(routing));
					ch.pipeline().addLast(GUARD, new InboundGuard(NettyTransport.this.metrics));
				}
			});
		try {
			this.server = bootstrap.bind(this.config.bindAddress()).syncUninterruptibly().channel();
		}
		catch (Exception ex) {
			throw new TransportException("Cannot listen on " + this.config.bindAddress() + ": " + ex.getMessage(), ex);
		}
		logger.log(Level.INFO, "Raft transport of node {0} listening on {1} ({2}{3})", Long.toHexString(this.config.nodeId()),
				localAddress(), this.loops.kind(), (this.serverSsl != null) ? ", mutual TLS" : "");
	}

	@Override
	public int maxMessageSize() {
		return (int) TransportConfig.maxMessageSize(this.config.maxFrameSize());
	}

	@Override
	public InetSocketAddress localAddress() {
		Channel bound = this.server;
		if (bound == null) {
			throw new IllegalStateException("Transport not started");
		}
		return (InetSocketAddress) bound.localAddress();
	}

	@Override
	public void addPeer(long peerId, InetSocketAddress address) {
		if (peerId == this.config.nodeId()) {
			throw new IllegalArgumentException("A node is not its own peer: " + Long.toHexString(peerId));
		}
		PeerChannel peer = this.peers.computeIfAbsent(peerId, (id) -> {
			PeerMetrics metrics = new PeerMetrics(id);
			this.peerMetrics.put(id, metrics);
			return new PeerChannel(id, address, this.peerContext, metrics, this.loops.group().next());
		});
		if (!peer.address().equals(address)) {
			peer.updateAddress(address);
		}
	}

	@Override
	public void updatePeer(long peerId, InetSocketAddress address) {
		PeerChannel peer = this.peers.get(peerId);
		if (peer == null) {
			throw new IllegalArgumentException("Unknown peer " + Long.toHexString(peerId));
		}
		peer.updateAddress(address);
	}

	@Override
	public void removePeer(long peerId) {
		this.peerMetrics.remove(peerId);
		PeerChannel peer = this.peers.remove(peerId);
		if (peer != null) {
			peer.close();
		}
	}

	@Override
	public void registerHandler(long groupId, MessageHandler handler) {
		this.handlers.put(groupId, handler);
	}

	@Override
	public void unregisterHandler(long groupId) {
		this.handlers.remove(groupId);
	}

	@Override
	public void send(long groupId, List<Message> messages) {
		if (this.closed) {
			return;
		}
		for (int i = 0, n = messages.size(); i < n; i++) {
			Message message = messages.get(i);
			PeerChannel peer = this.peers.get(message.getTo());
			if (peer == null) {
				this.listener.onUnreachable(groupId, message.getTo());
			}
			else if (message.getType() == MessageType.MsgSnap) {
				peer.sendSnapshot(groupId, withoutData(message), SnapshotPayload.of(message.getSnapshot().getData()));
			}
			else {
				peer.offer(groupId, message);
			}
		}
	}

	@Override
	public void sendSnapshot(long groupId, Message message, SnapshotPayload payload) {
		PeerChannel peer = this.peers.get(message.getTo());
		if (this.closed || peer == null) {
			this.listener.onSnapshotStatus(groupId, message.getTo(), false);
			return;
		}
		peer.sendSnapshot(groupId, withoutData(message), payload);
	}

	/** The event loop of every connection when there is one I/O thread, else {@code null}. */
	@Override
	public @Nullable ScheduledExecutorService executorFor(long groupId) {
		return this.onlyLoop;
	}

	@Override
	public TransportMetrics metrics() {
		return this.metrics;
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		Channel bound = this.server;
		if (bound != null) {
			bound.close().awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		List<Future<Void>> closing = new ArrayList<>();
		for (PeerChannel peer : this.peers.values()) {
			closing.add(peer.close());
		}
		for (Future<Void> peerClosed : closing) {
			peerClosed.awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		this.channels.close().awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		this.loops.group().shutdownGracefully(0, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
		this.snapshotSyncs.shutdown();
		try {
			this.snapshotSyncs.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Message withoutData(Message message) {
		if (!message.getSnapshot().hasData()) {
			return message;
		}
		return message.toBuilder().setSnapshot(message.getSnapshot().toBuilder().clearData()).build();
	}
}
