package org.raftboot.transport;

import java.lang.System.Logger.Level;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.UnknownEnums;

/** Turns the frames of an inbound message connection into calls of the group's {@link MessageHandler}. */
final class InboundMessageHandler extends SimpleChannelInboundHandler<ByteBuf> {

	private static final System.Logger logger = System.getLogger(InboundMessageHandler.class.getName());

	private final InboundRouting routing;

	private final long senderId;

	private final PeerMetrics peer;

	private final MessageReader reader = new MessageReader();

	InboundMessageHandler(InboundRouting routing, long senderId, PeerMetrics peer) {
		this.routing = routing;
		this.senderId = senderId;
		this.peer = peer;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
		int frameBytes = Frames.LENGTH_FIELD + frame.readableBytes();
		byte kind = InboundMessages.readKind(frame);
		if (kind != Frames.MESSAGE) {
			throw InboundMessages.malformed("frame kind " + kind + " on a message connection");
		}
		long groupId = frame.readLong();
		Message message = InboundMessages.parse(this.reader, frame, this.senderId, this.routing.config().nodeId(), false);
		this.peer.received(frameBytes);
		MessageHandler handler = this.routing.handler(groupId);
		if (handler == null) {
			this.routing.metrics().countInboundDropped();
			return;
		}
		try {
			handler.onMessage(message);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Handler of group " + groupId + " failed on a " + UnknownEnums.typeName(message), ex);
		}
	}
}
