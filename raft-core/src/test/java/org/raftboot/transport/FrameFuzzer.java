package org.raftboot.transport;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/**
 * Seeded fuzzed inbound connections for a member's Raft port: a header (valid, damaged, cut short or
 * naming strangers), frames the member must take (messages for groups it does not run, local message
 * types it must ignore), then a mutation of a valid frame (bit flips, truncation, a lying length, an
 * unknown kind, garbage protobuf, a misaddressed message) or a message of a type this version does not
 * know, without a term (taken, and ignored by Raft). Each connection comes with the verdict of
 * {@link InboundModel}. Raft trusts its peers, so a well-formed message the member would take for a real
 * peer's (a forged vote or append, or a newer type's term) is never generated: such drafts are thrown
 * away.
 */
public final class FrameFuzzer {

	/**
	 * Who the fuzzed member is.
	 * @param senderId the known peer the connections claim to come from
	 * @param peers every sender the member knows
	 * @param liveGroup the group the member runs
	 */
	public record Identity(long clusterId, long nodeId, long senderId, Set<Long> peers, long liveGroup,
			int maxFrameSize) {
	}

	/**
	 * One connection's bytes and what the member must do with them.
	 * @param mutation what was done to it, for failure messages and figures
	 * @param rejected the member closes it before its end: the bytes break the protocol
	 * @param truncated the bytes end inside a header or frame: closed (and counted) at their end
	 * @param frames complete frames after a valid header
	 * @param dropped frames for groups the member does not run (counted, then dropped)
	 * @param ignored messages delivered to the live group which Raft must ignore: local types, and types
	 * it does not know without a term
	 */
	public record Connection(String mutation, byte[] bytes, boolean rejected, boolean truncated, int frames,
			int dropped, int ignored) {
	}

	/** Message types that never cross the network: a member steps them from a peer as a no-op. */
	static final Set<MessageType> LOCAL_TYPES = EnumSet.of(MessageType.MsgHup, MessageType.MsgBeat,
			MessageType.MsgUnreachable, MessageType.MsgSnapStatus, MessageType.MsgCheckQuorum,
			MessageType.MsgStorageAppend, MessageType.MsgStorageAppendResp, MessageType.MsgStorageApply,
			MessageType.MsgStorageApplyResp);

	private static final MessageType[] TYPES = MessageType.values();

	private static final int TYPE_FIELD = Message.TYPE_FIELD_NUMBER;

	private final Identity id;

	private final Random random;

	private final InboundModel model;

	public FrameFuzzer(Identity id, long seed) {
		this.id = id;
		this.random = new Random(seed);
		this.model = new InboundModel(id);
	}

	/** The next connection; never one carrying a message the live group would act on. */
	public Connection next() {
		while (true) {
			StringBuilder mutation = new StringBuilder();
			ByteBuf out = Unpooled.buffer();
			boolean snapshot = this.random.nextInt(4) == 0;
			if (writePreface(out, snapshot, mutation)) {
				writePrefix(out, snapshot);
				writeMutation(out, snapshot, mutation);
			}
			byte[] bytes = ByteBufUtil.getBytes(out);
			InboundModel.Verdict verdict = this.model.judge(bytes);
			if (!verdict.forged()) {
				return new Connection(mutation.toString(), bytes, verdict.rejected(), verdict.truncated(),
						verdict.frames(), verdict.dropped(), verdict.ignored());
			}
		}
	}

	/** Writes the connection header; false if the connection ends inside it. */
	private boolean writePreface(ByteBuf out, boolean snapshot, StringBuilder mutation) {
		byte kind = snapshot ? Preface.SNAPSHOT : Preface.MESSAGES;
		Preface valid = new Preface(kind, this.id.clusterId(), this.id.senderId(), this.id.nodeId());
		switch (this.random.nextInt(12)) {
			case 0 -> {
				mutation.append("garbage header");
				out.writeBytes(this.random.nextBoolean() ? randomBytes(1 + this.random.nextInt(2 * Preface.SIZE))
						: "GET / HTTP/1.1\r\nHost: raft\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			case 1 -> {
				mutation.append("header with flipped bits");
				int start = out.writerIndex();
				valid.writeTo(out);
				flipBits(out, start, Preface.SIZE, 1 + this.random.nextInt(3));
			}
			case 2 -> {
				mutation.append("header cut short");
				valid.writeTo(out);
				out.writerIndex(1 + this.random.nextInt(Preface.SIZE - 1));
				return false;
			}
			case 3 -> {
				mutation.append("stranger's header");
				long stranger = 1000 + this.random.nextInt(1000);
				switch (this.random.nextInt(3)) {
					case 0 -> new Preface(kind, stranger, this.id.senderId(), this.id.nodeId()).writeTo(out);
					case 1 -> new Preface(kind, this.id.clusterId(), stranger, this.id.nodeId()).writeTo(out);
					default -> new Preface(kind, this.id.clusterId(), this.id.senderId(), stranger).writeTo(out);
				}
			}
			default -> valid.writeTo(out);
		}
		if (mutation.length() > 0) {
			mutation.append(", then ");
		}
		return true;
	}

	/** Frames the member must take without closing the connection. */
	private void writePrefix(ByteBuf out, boolean snapshot) {
		int frames = this.random.nextInt(5);
		if (snapshot) {
			long group = unknownGroup();
			if (frames > 0) {
				Frames.writeSnapshotBegin(out, group, 256L * frames, snapshotMessage());
			}
			for (int i = 1; i < frames; i++) {
				writeFrame(out, Frames.SNAPSHOT_CHUNK, group, randomBytes(this.random.nextInt(256)));
			}
			return;
		}
		for (int i = 0; i < frames; i++) {
			if (this.random.nextBoolean()) {
				Message local = randomMessage(LOCAL_TYPES.stream().skip(this.random.nextInt(LOCAL_TYPES.size()))
					.findFirst()
					.orElseThrow());
				writeFrame(out, Frames.MESSAGE, this.id.liveGroup(), local.toByteArray());
			}
			else {
				writeFrame(out, Frames.MESSAGE, unknownGroup(), randomMessage(randomType()).toByteArray());
			}
		}
	}

	private void writeMutation(ByteBuf out, boolean snapshot, StringBuilder mutation) {
		byte[] valid = validFrame(snapshot);
		switch (this.random.nextInt(10)) {
			case 0 -> {
				mutation.append("frame with flipped bits");
				int start = out.writerIndex();
				out.writeBytes(valid);
				flipBits(out, start, valid.length, 1 + this.random.nextInt(8));
			}
			case 1 -> {
				mutation.append("frame cut short");
				out.writeBytes(valid, 0, 1 + this.random.nextInt(valid.length - 1));
			}
			case 2 -> {
				mutation.append("frame with a lying length");
				int start = out.writerIndex();
				out.writeBytes(valid);
				out.setInt(start, lyingLength(valid.length - Frames.LENGTH_FIELD));
			}
			case 3 -> {
				mutation.append("unknown frame kind");
				byte kind = (byte) (Frames.SNAPSHOT_ACK + this.random.nextInt(250));
				writeFrame(out, kind, this.id.liveGroup(), randomBytes(this.random.nextInt(32)));
			}
			case 4 -> {
				mutation.append("unknown message type");
				byte[] known = randomMessage(MessageType.MsgApp).toBuilder()
					.clearType()
					.clearTerm()
					.build()
					.toByteArray();
				ByteBuf body = Unpooled.buffer();
				body.writeByte(TYPE_FIELD << 3);
				writeVarint(body, TYPES.length + this.random.nextInt(100_000));
				body.writeBytes(known);
				writeFrame(out, snapshot ? Frames.SNAPSHOT_BEGIN : Frames.MESSAGE, this.id.liveGroup(),
						ByteBufUtil.getBytes(body));
			}
			case 5 -> {
				mutation.append("garbage protobuf");
				writeFrame(out, Frames.MESSAGE, this.id.liveGroup(), randomBytes(this.random.nextInt(64)));
			}
			case 6 -> {
				mutation.append("misaddressed message");
				Message m = randomMessage(randomType());
				m = this.random.nextBoolean() ? m.toBuilder().setFrom(this.id.nodeId()).build()
						: m.toBuilder().setTo(this.id.senderId()).build();
				writeFrame(out, Frames.MESSAGE, this.id.liveGroup(), m.toByteArray());
			}
			case 7 -> {
				mutation.append("frame of the other connection kind");
				if (snapshot) {
					writeFrame(out, Frames.MESSAGE, this.id.liveGroup(), randomMessage(MessageType.MsgHeartbeat).toByteArray());
				}
				else {
					writeFrame(out, Frames.MESSAGE, this.id.liveGroup(), snapshotMessage().toByteArray());
				}
			}
			case 8 -> {
				mutation.append("oversized length");
				out.writeInt(this.id.maxFrameSize() + 1 + this.random.nextInt(Integer.MAX_VALUE - this.id.maxFrameSize()));
				out.writeBytes(randomBytes(this.random.nextInt(64)));
			}
			default -> mutation.append("clean end");
		}
	}

	/** A frame the member takes as is: for a group it does not run. */
	private byte[] validFrame(boolean snapshot) {
		ByteBuf frame = Unpooled.buffer();
		if (snapshot) {
			Frames.writeSnapshotBegin(frame, unknownGroup(), this.random.nextInt(4096), snapshotMessage());
		}
		else {
			Message m = randomMessage(randomType());
			Frames.writeMessage(frame, unknownGroup(), m, m.getSerializedSize());
		}
		return ByteBufUtil.getBytes(frame);
	}

	private int lyingLength(int truth) {
		return switch (this.random.nextInt(7)) {
			case 0 -> -1 - this.random.nextInt(Integer.MAX_VALUE);
			case 1 -> this.random.nextInt(Frames.HEADER);
			case 2 -> Math.max(0, truth - 1 - this.random.nextInt(Math.max(1, truth)));
			case 3 -> truth + 1 + this.random.nextInt(1024);
			case 4 -> this.id.maxFrameSize() + 1;
			case 5 -> Integer.MAX_VALUE;
			default -> this.random.nextInt();
		};
	}

	private Message randomMessage(MessageType type) {
		Message.Builder m = Message.newBuilder()
			.setType(type)
			.setFrom(this.id.senderId())
			.setTo(this.id.nodeId())
			.setTerm(this.random.nextInt(1_000));
		if (this.random.nextBoolean()) {
			m.setLogTerm(this.random.nextInt(1_000)).setIndex(this.random.nextInt(100_000)).setCommit(this.random.nextInt(100_000));
		}
		if (this.random.nextInt(4) == 0) {
			m.setReject(true).setRejectHint(this.random.nextInt(100_000));
		}
		if (this.random.nextInt(4) == 0) {
			m.setContext(ByteString.copyFrom(randomBytes(this.random.nextInt(32))));
		}
		int entries = this.random.nextInt(4);
		for (int i = 0; i < entries; i++) {
			m.addEntries(Entry.newBuilder()
				.setIndex(this.random.nextInt(100_000))
				.setTerm(this.random.nextInt(1_000))
				.setData(ByteString.copyFrom(randomBytes(this.random.nextInt(128)))));
		}
		return m.build();
	}

	private Message snapshotMessage() {
		SnapshotMetadata metadata = SnapshotMetadata.newBuilder()
			.setIndex(this.random.nextInt(100_000))
			.setTerm(this.random.nextInt(1_000))
			.setConfState(ConfState.newBuilder().addVoters(this.id.nodeId()).addVoters(this.id.senderId()))
			.build();
		return randomMessage(MessageType.MsgSnap).toBuilder()
			.clearEntries()
			.setSnapshot(Snapshot.newBuilder().setMetadata(metadata))
			.build();
	}

	private MessageType randomType() {
		return TYPES[this.random.nextInt(TYPES.length)];
	}

	/** A group the member does not run (sometimes close to the live one, for bit flips to reach it). */
	private long unknownGroup() {
		long group = this.random.nextBoolean() ? this.id.liveGroup() + 1 + this.random.nextInt(4) : this.random.nextLong();
		return (group == this.id.liveGroup()) ? group + 1 : group;
	}

	private void flipBits(ByteBuf buf, int start, int length, int flips) {
		for (int i = 0; i < flips; i++) {
			int at = start + this.random.nextInt(length);
			buf.setByte(at, buf.getByte(at) ^ (1 << this.random.nextInt(8)));
		}
	}

	private byte[] randomBytes(int n) {
		byte[] bytes = new byte[n];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static void writeFrame(ByteBuf out, byte kind, long group, byte[] body) {
		Frames.writeHeader(out, kind, group, body.length);
		out.writeBytes(body);
	}

	private static void writeVarint(ByteBuf out, long value) {
		long v = value;
		while ((v & ~0x7FL) != 0) {
			out.writeByte((int) ((v & 0x7F) | 0x80));
			v >>>= 7;
		}
		out.writeByte((int) v);
	}

}
