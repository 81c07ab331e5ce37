package org.raftboot.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Message;

/**
 * Receives one snapshot: the {@code MsgSnap} metadata, then chunks written straight from the network
 * buffers to a temporary file, so the heap never holds more than a frame. When the last byte is in, the
 * group's handler gets the message and the file, and the sender gets an acknowledgement.
 */
final class InboundSnapshotHandler extends SimpleChannelInboundHandler<ByteBuf> {

	private static final System.Logger logger = System.getLogger(InboundSnapshotHandler.class.getName());

	private final InboundRouting routing;

	private final long senderId;

	private final PeerMetrics peer;

	private @Nullable Message message;

	private long groupId;

	private long total;

	private long received;

	private @Nullable Path file;

	private @Nullable FileChannel channel;

	private @Nullable SnapshotFileSync sync;

	private boolean finished;

	InboundSnapshotHandler(InboundRouting routing, long senderId, PeerMetrics peer) {
		this.routing = routing;
		this.senderId = senderId;
		this.peer = peer;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
		byte kind = InboundMessages.readKind(frame);
		long group = frame.readLong();
		if (kind == Frames.SNAPSHOT_BEGIN && this.message == null) {
			begin(ctx, group, frame);
		}
		else if (kind == Frames.SNAPSHOT_CHUNK && this.message != null && group == this.groupId) {
			if (!this.finished) {
				chunk(ctx, frame);
			}
		}
		else {
			throw InboundMessages.malformed("unexpected frame kind " + kind + " on a snapshot connection");
		}
	}

	private void begin(ChannelHandlerContext ctx, long group, ByteBuf frame) {
		if (frame.readableBytes() < Long.BYTES) {
			throw InboundMessages.malformed("snapshot header without a size");
		}
		long size = frame.readLong();
		if (size < 0) {
			throw InboundMessages.malformed("negative snapshot size " + size);
		}
		this.message = InboundMessages.parse(new MessageReader(), frame, this.senderId, this.routing.config().nodeId(), true);
		this.groupId = group;
		this.total = size;
		if (this.routing.handler(group) == null) {
			this.routing.metrics().countInboundDropped();
			finish(ctx, false);
			return;
		}
		try {
			this.file = Files.createTempFile(this.routing.config().snapshotDirectory(), "raftboot-snapshot-", ".part");
			this.channel = FileChannel.open(this.file, StandardOpenOption.WRITE);
			this.sync = new SnapshotFileSync(this.channel, this.routing.snapshotSyncs(), SnapshotFileSync.SYNC_EVERY);
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot store a snapshot from peer " + Long.toHexString(this.senderId), ex);
			discard();
			finish(ctx, false);
			return;
		}
		if (size == 0) {
			complete(ctx);
		}
	}

	private void chunk(ChannelHandlerContext ctx, ByteBuf frame) {
		int n = frame.readableBytes();
		if (this.received + n > this.total) {
			throw InboundMessages.malformed("snapshot data beyond the announced " + this.total + " bytes");
		}
		FileChannel target = this.channel;
		if (target == null) {
			return;
		}
		try {
			while (frame.isReadable()) {
				frame.readBytes(target, frame.readableBytes());
			}
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot store a snapshot from peer " + Long.toHexString(this.senderId), ex);
			discard();
			finish(ctx, false);
			return;
		}
		this.received += n;
		this.peer.snapshotBytesReceived(n);
		if (this.sync != null) {
			this.sync.written(n);
		}
		if (this.received == this.total) {
			complete(ctx);
		}
	}

	/**
	 * Closes the file, then hands it to the group's handler on the event loop: at once, or after the
	 * background syncs of the file when it had some.
	 */
	private void complete(ChannelHandlerContext ctx) {
		Message snap = this.message;
		Path path = this.file;
		if (snap == null || path == null || this.routing.handler(this.groupId) == null) {
			discard();
			finish(ctx, false);
			return;
		}
		this.file = null;
		this.finished = true;
		close((failure) -> {
			if (ctx.executor().inEventLoop()) {
				handOver(ctx, snap, path, failure);
				return;
			}
			try {
				ctx.executor().execute(() -> handOver(ctx, snap, path, failure));
			}
			catch (RejectedExecutionException ex) {
				deleteQuietly(path); // the transport is closing
			}
		});
	}

	private void handOver(ChannelHandlerContext ctx, Message snap, Path path, @Nullable IOException closeFailure) {
		MessageHandler handler = this.routing.handler(this.groupId);
		SnapshotPayload payload = null;
		IOException failure = closeFailure;
		if (failure == null && handler != null) {
			try {
				payload = new FileSnapshotPayload(path, true);
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		if (payload == null) {
			if (failure != null) {
				logger.log(Level.WARNING, "Cannot store a snapshot from peer " + Long.toHexString(this.senderId), failure);
			}
			deleteQuietly(path);
			finish(ctx, false);
			return;
		}
		finish(ctx, deliver(handler, withoutData(snap), payload));
	}

	private boolean deliver(MessageHandler handler, Message snap, SnapshotPayload payload) {
		try {
			handler.onSnapshot(snap, payload);
			return true;
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Handler of group " + this.groupId + " refused a snapshot", ex);
			try {
				payload.close();
			}
			catch (IOException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			return false;
		}
	}

	private void finish(ChannelHandlerContext ctx, boolean accepted) {
		this.finished = true;
		ByteBuf ack = ctx.alloc().buffer(Frames.LENGTH_FIELD + Frames.HEADER + 1);
		Frames.writeHeader(ack, Frames.SNAPSHOT_ACK, this.groupId, 1);
		ack.writeByte(accepted ? 1 : 0);
		ctx.writeAndFlush(ack);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.message != null && !this.finished) {
			logger.log(Level.INFO, "Snapshot from peer {0} for group {1} cut after {2} of {3} bytes",
					Long.toHexString(this.senderId), this.groupId, this.received, this.total);
		}
		discard();
		super.channelInactive(ctx);
	}

	private static Message withoutData(Message snap) {
		if (!snap.getSnapshot().hasData()) {
			return snap;
		}
		return snap.toBuilder().setSnapshot(snap.getSnapshot().toBuilder().clearData()).build();
	}

	/** Closes the file being written, if any, then runs {@code then} (see {@link SnapshotFileSync#close}). */
	private void close(Consumer<@Nullable IOException> then) {
		// The file and its sync are opened together: the sync owns the file.
		SnapshotFileSync open = this.sync;
		this.channel = null;
		this.sync = null;
		if (open != null) {
			open.close(then);
		}
		else {
			then.accept(null);
		}
	}

	private void discard() {
		Path partial = this.file;
		this.file = null;
		close((failure) -> {
			if (partial != null) {
				deleteQuietly(partial);
			}
		});
	}

	private static void deleteQuietly(Path partial) {
		try {
			Files.deleteIfExists(partial);
		}
		catch (IOException ex) {
			logger.log(Level.WARNING, "Cannot delete the partial snapshot " + partial, ex);
		}
	}
}
