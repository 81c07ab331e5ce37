package org.raftboot.transport;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the byte stream into frames (without the length prefix), refusing a frame larger than the
 * limit as soon as its length is read and noticing a stream that ends inside a frame.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

	FrameDecoder(int maxFrameSize) {
		super(maxFrameSize + Frames.LENGTH_FIELD, 0, Frames.LENGTH_FIELD, 0, Frames.LENGTH_FIELD, true);
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
