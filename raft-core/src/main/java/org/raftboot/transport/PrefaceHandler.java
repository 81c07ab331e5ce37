package org.raftboot.transport;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@link Preface} of an inbound connection, refuses strangers and connections that stay
 * silent longer than the connect timeout, then replaces itself with the frame decoder and the handler
 * for what the connection carries (messages or a snapshot).
 */
final class PrefaceHandler extends ByteToMessageDecoder {

	private final InboundRouting routing;

	private @Nullable ScheduledFuture<?> deadline;

	PrefaceHandler(InboundRouting routing) {
		this.routing = routing;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		long timeout = this.routing.config().connectTimeout().toMillis();
		this.deadline = ctx.executor()
			.schedule(() -> ctx.fireExceptionCaught(new RejectedConnectionException(RejectReason.BAD_HEADER,
					"no header within " + timeout + " ms")), timeout, TimeUnit.MILLISECONDS);
	}

	@Override
	protected void handlerRemoved0(ChannelHandlerContext ctx) {
		if (this.deadline != null) {
			this.deadline.cancel(false);
		}
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (in.readableBytes() < Preface.SIZE) {
			return;
		}
		Preface preface = Preface.readFrom(in);
		TransportConfig config = this.routing.config();
		if (preface.clusterId() != config.clusterId()) {
			throw new RejectedConnectionException(RejectReason.WRONG_CLUSTER,
					String.format("cluster %x, expected %x", preface.clusterId(), config.clusterId()));
		}
		if (preface.targetId() != config.nodeId()) {
			throw new RejectedConnectionException(RejectReason.WRONG_NODE,
					String.format("meant for node %x, this is %x", preface.targetId(), config.nodeId()));
		}
		PeerMetrics peer = this.routing.peer(preface.senderId());
		if (peer == null) {
			throw new RejectedConnectionException(RejectReason.UNKNOWN_SENDER,
					String.format("unknown sender %x", preface.senderId()));
		}
		this.routing.connectedIn().accept(preface.senderId());
		ChannelPipeline pipeline = ctx.pipeline();
		if (preface.kind() != Preface.MESSAGES) {
			// As the sender does: a stream that makes no progress for that long is abandoned (a sender
			// gone silent without closing would otherwise keep the partial file until the transport closes).
			pipeline.addBefore(NettyTransport.GUARD, "snapshot-timeout",
					new ReadTimeoutHandler(config.snapshotTimeout().toMillis(), TimeUnit.MILLISECONDS));
		}
		pipeline.addBefore(NettyTransport.GUARD, "frames", new FrameDecoder(config.maxFrameSize()));
		pipeline.addBefore(NettyTransport.GUARD, "inbound",
				(preface.kind() == Preface.MESSAGES) ? new InboundMessageHandler(this.routing, preface.senderId(), peer)
						: new InboundSnapshotHandler(this.routing, preface.senderId(), peer));
		pipeline.remove(this);
	}

	@Override
	protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (in.isReadable()) {
			int pending = in.readableBytes();
			in.skipBytes(pending);
			throw new RejectedConnectionException(RejectReason.BAD_HEADER,
					"connection closed inside its header (" + pending + " bytes)");
		}
	}
}
