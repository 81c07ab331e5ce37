package org.raftboot.transport;

import java.lang.System.Logger.Level;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** Reports the life of an outbound message connection to its {@link PeerChannel}. */
final class OutboundMessageHandler extends ChannelInboundHandlerAdapter {

	private static final System.Logger logger = System.getLogger(OutboundMessageHandler.class.getName());

	private final PeerChannel peer;

	OutboundMessageHandler(PeerChannel peer) {
		this.peer = peer;
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
		if (ctx.channel().isWritable()) {
			this.peer.onWritable(ctx.channel());
		}
		super.channelWritabilityChanged(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.peer.onInactive(ctx.channel());
		super.channelInactive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		logger.log(Level.DEBUG, () -> "Connection to peer " + Long.toHexString(this.peer.peerId()) + " failed: " + cause);
		ctx.close();
	}
}
