package org.raftboot.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;

import javax.net.ssl.SSLException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of every inbound connection: whatever broke the protocol, the connection is closed
 * with exactly one warning line and one count, and the rest of the node carries on.
 */
final class InboundGuard extends ChannelInboundHandlerAdapter {

	private static final System.Logger logger = System.getLogger(InboundGuard.class.getName());

	private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf(InboundGuard.class, "closing");

	private final TransportMetrics metrics;

	private boolean rejected;

	InboundGuard(TransportMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		RejectReason reason = classify(cause);
		if (reason == null) {
			logger.log(Level.DEBUG, () -> "Connection from " + ctx.channel().remoteAddress() + " failed: " + cause);
			close(ctx);
			return;
		}
		reject(ctx, reason, detail(cause));
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
			reject(ctx, RejectReason.TLS_HANDSHAKE, "TLS handshake failed: " + detail(handshake.cause()));
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

	private void reject(ChannelHandlerContext ctx, RejectReason reason, String detail) {
		if (!this.rejected) {
			this.rejected = true;
			this.metrics.rejected(reason);
			SocketAddress remote = ctx.channel().remoteAddress();
			logger.log(Level.WARNING, "Closing connection from {0} ({1}): {2}", remote, reason, detail);
		}
		close(ctx);
	}

	/**
	 * Whether the guard is closing the connection: what was read on it is not delivered any more, even
	 * while the close is under way (a TLS close waits for its close_notify to be sent).
	 */
	static boolean closing(Channel channel) {
		return channel.hasAttr(CLOSING);
	}

	private static void close(ChannelHandlerContext ctx) {
		ctx.channel().attr(CLOSING).set(Boolean.TRUE);
		ctx.close();
	}

	private static @Nullable RejectReason classify(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof RejectedConnectionException rejection) {
				return rejection.reason();
			}
			if (t instanceof TooLongFrameException) {
				return RejectReason.FRAME_TOO_LARGE;
			}
			if (t instanceof CorruptedFrameException) {
				return RejectReason.MALFORMED_FRAME;
			}
			if (t instanceof SSLException) {
				return RejectReason.TLS_HANDSHAKE;
			}
		}
		return (cause instanceof IOException) ? null : RejectReason.MALFORMED_FRAME;
	}

	private static String detail(Throwable cause) {
		Throwable deepest = cause;
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof RejectedConnectionException) {
				return String.valueOf(t.getMessage());
			}
			deepest = t;
		}
		return (deepest.getMessage() != null) ? deepest.getMessage() : deepest.getClass().getSimpleName();
	}
}
