package org.raftboot.transport;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Reads the {@link Preface} of an inbound connection, refuses strangers, then replaces itself with the
 * frame decoder and the handler for what the connection carries (messages or a snapshot).
 */
final class PrefaceHandler extends ByteToMessageDecoder {

	private final InboundRouting routing;

	PrefaceHandler(InboundRouting routing) {
		this.routing = routing;
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
		ChannelPipeline pipeline = ctx.pipeline();
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
