package org.raftboot.transport;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

/**
 * The transport's own frame codec, without sockets: a MsgApp of {@code entries} entries of
 * {@code entrySize} bytes encoded into a pooled direct buffer (length, kind, group, protobuf) as the
 * outbound handler does, and decoded and checked from such a frame as the inbound handler does. It
 * lives in the transport's package to reach the package-private codec.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FrameCodecBenchmark {

	@Param({ "1", "64" })
	int entries;

	@Param({ "128" })
	int entrySize;

	/** The MsgApp's fields and entries, as raft sets them before it builds the message it sends. */
	private Message.Builder builder;

	private ByteBuf frame;

	/** One connection's reader, reused from frame to frame as by the inbound handler. */
	private final MessageReader reader = new MessageReader();

	@Setup(Level.Trial)
	public void encodeOnce() {
		this.builder = Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setFrom(1)
			.setTo(2)
			.setTerm(3)
			.setLogTerm(3)
			.setIndex(1000)
			.setCommit(999);
		ByteString data = ByteString.copyFrom(new byte[this.entrySize]);
		for (int i = 0; i < this.entries; i++) {
			this.builder.addEntries(Entry.newBuilder().setTerm(3).setIndex(1001 + i).setData(data));
		}
		Message message = this.builder.build();
		// Also computes the entries' own sizes, which protobuf keeps: raft computed them before building a
		// MsgApp (Messages.limitSize, for maxSizePerMsg), so the transport never pays for them.
		int size = message.getSerializedSize();
		this.frame = PooledByteBufAllocator.DEFAULT.directBuffer(Frames.messageFrameSize(size));
		Frames.writeMessage(this.frame, 1, message, size);
		this.frame.skipBytes(Frames.LENGTH_FIELD);
	}

	@TearDown(Level.Trial)
	public void release() {
		this.frame.release();
	}

	/**
	 * What the transport pays for a message it has never seen, as raft hands it one for every peer and
	 * every round: the message's serialized size (computed in {@code PeerChannel.offer}; protobuf keeps
	 * it in the message object, so a message encoded again would skip it) over entries whose own sizes
	 * raft already computed, a pooled direct buffer and the frame written into it. To have a message never
	 * seen, each call builds one from the builder: one object with the fields copied and the entries list
	 * shared, a part of raft's own sending that this figure includes (not the setters nor the list of
	 * entries raft fills in). Queueing and batching into the channel's buffer are left out.
	 */
	@Benchmark
	public int encode() {
		Message message = this.builder.build();
		int bodySize = message.getSerializedSize();
		ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(Frames.messageFrameSize(bodySize));
		try {
			Frames.writeMessage(out, 1, message, bodySize);
			return out.writerIndex();
		}
		finally {
			out.release();
		}
	}

	@Benchmark
	public Message decode() {
		ByteBuf in = this.frame.duplicate();
		InboundMessages.readKind(in);
		in.skipBytes(Long.BYTES);
		return InboundMessages.parse(this.reader, in, 1, 2, false);
	}
}
