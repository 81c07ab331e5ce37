package org.raftboot.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.UnknownEnums;

/**
 * A sequential model of what an inbound connection does with a byte stream (header checks, framing,
 * then the message or snapshot handler's rules), written independently of the Netty pipeline so that
 * fuzzing can compare the two. Message parsing and addressing reuse {@link InboundMessages}.
 */
final class InboundModel {

	/**
	 * @param rejected the stream breaks the protocol before its end
	 * @param truncated the stream ends inside a header or frame
	 * @param forged a message or snapshot the live group would act on as a peer's
	 */
	record Verdict(boolean rejected, boolean truncated, int frames, int dropped, int ignored, boolean forged) {
	}

	private final FrameFuzzer.Identity id;

	InboundModel(FrameFuzzer.Identity id) {
		this.id = id;
	}

	Verdict judge(byte[] bytes) {
		ByteBuf in = Unpooled.wrappedBuffer(bytes);
		if (in.readableBytes() < Preface.SIZE) {
			return new Verdict(false, in.isReadable(), 0, 0, 0, false);
		}
		Preface preface;
		try {
			preface = Preface.readFrom(in);
		}
		catch (RejectedConnectionException ex) {
			return new Verdict(true, false, 0, 0, 0, false);
		}
		if (preface.clusterId() != this.id.clusterId() || preface.targetId() != this.id.nodeId()
				|| !this.id.peers().contains(preface.senderId())) {
			return new Verdict(true, false, 0, 0, 0, false);
		}
		return new FrameStream(preface.senderId(), preface.kind() == Preface.SNAPSHOT).judge(in);
	}

	/** The frames after a valid header. */
	private final class FrameStream {

		private final long sender;

		private final boolean snapshot;

		private final MessageReader reader = new MessageReader();

		private int frames;

		private int dropped;

		private int ignored;

		private boolean begun;

		private long snapshotGroup;

		FrameStream(long sender, boolean snapshot) {
			this.sender = sender;
			this.snapshot = snapshot;
		}

		Verdict judge(ByteBuf in) {
			while (in.isReadable()) {
				if (in.readableBytes() < Frames.LENGTH_FIELD) {
					return truncated();
				}
				int length = in.readInt();
				if (length < 0 || length > InboundModel.this.id.maxFrameSize()) {
					return verdict(true, false, false);
				}
				if (in.readableBytes() < length) {
					return truncated();
				}
				ByteBuf frame = in.readSlice(length);
				this.frames++;
				try {
					if (accept(frame)) {
						return verdict(false, false, true);
					}
				}
				catch (RejectedConnectionException ex) {
					return verdict(true, false, false);
				}
			}
			return verdict(false, false, false);
		}

		/** Takes one frame; true if it is a forgery the live group would act on. */
		private boolean accept(ByteBuf frame) {
			byte kind = InboundMessages.readKind(frame);
			long group = frame.readLong();
			boolean live = group == InboundModel.this.id.liveGroup();
			if (!this.snapshot) {
				if (kind != Frames.MESSAGE) {
					throw InboundMessages.malformed("kind");
				}
				Message m = InboundMessages.parse(this.reader, frame, this.sender, InboundModel.this.id.nodeId(), false);
				if (!live) {
					this.dropped++;
					return false;
				}
				this.ignored++;
				return !ignoredByRaft(m);
			}
			if (kind == Frames.SNAPSHOT_BEGIN && !this.begun) {
				if (frame.readableBytes() < Long.BYTES || frame.readLong() < 0) {
					throw InboundMessages.malformed("size");
				}
				InboundMessages.parse(this.reader, frame, this.sender, InboundModel.this.id.nodeId(), true);
				this.begun = true;
				this.snapshotGroup = group;
				this.dropped++;
				return live;
			}
			if (kind == Frames.SNAPSHOT_CHUNK && this.begun && group == this.snapshotGroup) {
				return false;
			}
			throw InboundMessages.malformed("kind");
		}

		/**
		 * Whether Raft ignores {@code m} from a peer: a local type, or a type it does not know (a newer
		 * version's) that carries no term to adopt.
		 */
		private static boolean ignoredByRaft(Message m) {
			if (UnknownEnums.number(m, Message.TYPE_FIELD_NUMBER).isPresent()) {
				return m.getTerm() == 0;
			}
			return FrameFuzzer.LOCAL_TYPES.contains(m.getType());
		}

		private Verdict truncated() {
			return verdict(false, true, false);
		}

		private Verdict verdict(boolean rejected, boolean truncated, boolean forged) {
			return new Verdict(rejected, truncated, this.frames, this.dropped, this.ignored, forged);
		}

	}

}
