package org.raftboot.transport;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.jspecify.annotations.Nullable;

/**
 * Splits the byte stream into frames (without the length prefix), refusing a frame larger than the
 * limit as soon as its length is read and noticing a stream that ends inside a frame. Once a bad
 * frame got the connection closed (or {@link InboundGuard} is closing it), the frames that arrived
 * behind it are discarded, not delivered.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

	/** The connection ended (closed by either side): what is left is decoded one last time. */
	private boolean ended;

	FrameDecoder(int maxFrameSize) {
		super(maxFrameSize + Frames.LENGTH_FIELD, 0, Frames.LENGTH_FIELD, 0, Frames.LENGTH_FIELD, true);
	}

	@Override
	protected @Nullable Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
		if (!this.ended && (InboundGuard.closing(ctx.channel()) || !ctx.channel().isActive())) {
			in.skipBytes(in.readableBytes());
			return null;
		}
		return super.decode(ctx, in);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.ended = true;
		super.channelInactive(ctx);
	}

	@Override
	protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
		super.decodeLast(ctx, in, out);
		if (in.isReadable()) {
			int pending = in.readableBytes();
			in.skipBytes(pending);
			throw new RejectedConnectionException(RejectReason.TRUNCATED_FRAME,
					"connection closed inside a frame (" + pending + " bytes pending)");
		}
	}
}
