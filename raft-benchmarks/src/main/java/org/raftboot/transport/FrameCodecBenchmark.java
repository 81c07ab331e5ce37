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

	private Message message;

	private int size;

	private ByteBuf frame;

	/** One connection's reader, reused from frame to frame as by the inbound handler. */
	private final MessageReader reader = new MessageReader();

	@Setup(Level.Trial)
	public void encodeOnce() {
		Message.Builder m = Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setFrom(1)
			.setTo(2)
			.setTerm(3)
			.setLogTerm(3)
			.setIndex(1000)
			.setCommit(999);
		ByteString data = ByteString.copyFrom(new byte[this.entrySize]);
		for (int i = 0; i < this.entries; i++) {
			m.addEntries(Entry.newBuilder().setTerm(3).setIndex(1001 + i).setData(data));
		}
		this.message = m.build();
		this.size = this.message.getSerializedSize();
		this.frame = PooledByteBufAllocator.DEFAULT.directBuffer(Frames.messageFrameSize(this.size));
		Frames.writeMessage(this.frame, 1, this.message, this.size);
		this.frame.skipBytes(Frames.LENGTH_FIELD);
	}

	@TearDown(Level.Trial)
	public void release() {
		this.frame.release();
	}

	/** Size computation (cached by protobuf after the first call, as for a message sent to two peers) and encoding. */
	@Benchmark
	public int encode() {
		int bodySize = this.message.getSerializedSize();
		ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(Frames.messageFrameSize(bodySize));
		try {
			Frames.writeMessage(out, 1, this.message, bodySize);
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
