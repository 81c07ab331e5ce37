package org.raftboot.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import org.raftboot.raft.pb.Message;

/**
 * One snapshot on its way to a peer, on a connection of its own so that it never holds up heartbeats
 * and appends: the header, the chunks, then the receiver's acknowledgement. Any other ending (refused
 * connection, cut, stall longer than the snapshot timeout, negative acknowledgement) is a failure.
 */
final class OutboundSnapshot extends SimpleChannelInboundHandler<ByteBuf> {

	private static final System.Logger logger = System.getLogger(OutboundSnapshot.class.getName());

	/** An acknowledgement frame, the only thing a receiver sends. */
	private static final int MAX_REPLY_FRAME = 64;

	private final PeerChannel peer;

	private final long groupId;

	private final Message message;

	private final SnapshotPayload payload;

	private long timeoutMillis;

	private boolean finished;

	OutboundSnapshot(PeerChannel peer, long groupId, Message message, SnapshotPayload payload) {
		this.peer = peer;
		this.groupId = groupId;
		this.message = message;
		this.payload = payload;
	}

	void start(PeerContext context) {
		TransportConfig config = context.config();
		this.timeoutMillis = config.snapshotTimeout().toMillis();
		Future<Channel> ready = context.connector()
			.connect(this.peer.loop(), this.peer.address(), Preface.SNAPSHOT, this.peer.peerId(),
					() -> new ChannelHandler[] { new IdleStateHandler(0, 0, this.timeoutMillis, TimeUnit.MILLISECONDS),
							new FrameDecoder(MAX_REPLY_FRAME), new ChunkedWriteHandler(), this });
		ready.addListener((Future<Channel> f) -> {
			if (f.isSuccess() && !this.peer.snapshotConnected(f.getNow())) {
				f.getNow().close();
			}
			else if (f.isSuccess()) {
				stream(f.getNow(), config.snapshotChunkSize());
			}
			else {
				logger.log(Level.INFO, "Cannot send a snapshot to peer {0}: {1}", Long.toHexString(this.peer.peerId()),
						f.cause().toString());
				finish(false);
			}
		});
	}

	private void stream(Channel channel, int chunkSize) {
		ReadableByteChannel source;
		try {
			source = this.payload.openChannel();
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot read the snapshot for peer " + Long.toHexString(this.peer.peerId()), ex);
			channel.close();
			return;
		}
		long total = this.payload.size();
		PeerMetrics metrics = this.peer.metrics();
		metrics.snapshotProgress(new SnapshotProgress(this.groupId, 0, total));
		ByteBuf begin = channel.alloc().buffer();
		Frames.writeSnapshotBegin(begin, this.groupId, total, this.message);
		channel.write(begin, channel.voidPromise());
		SnapshotChunks chunks = new SnapshotChunks(source, this.groupId, total, chunkSize,
				(sent) -> metrics.snapshotProgress(new SnapshotProgress(this.groupId, sent, total)));
		channel.writeAndFlush(chunks).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
		boolean accepted = frame.readableBytes() == Frames.HEADER + 1 && frame.readByte() == Frames.SNAPSHOT_ACK
				&& frame.readLong() == this.groupId && frame.readByte() == 1;
		finish(accepted);
		ctx.close();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent) {
			logger.log(Level.WARNING, "Snapshot to peer {0} made no progress for {1} ms; abandoning it",
					Long.toHexString(this.peer.peerId()), this.timeoutMillis);
			ctx.close();
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		finish(false);
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		logger.log(Level.DEBUG, () -> "Snapshot to peer " + Long.toHexString(this.peer.peerId()) + " failed: " + cause);
		ctx.close();
	}

	private void finish(boolean success) {
		if (!this.finished) {
			this.finished = true;
			this.peer.snapshotFinished(this.groupId, success);
		}
	}
}
