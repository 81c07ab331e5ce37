package org.raftboot.transport;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

class FramesTests {

	@Test
	void aMessageFrameCarriesItsLengthKindGroupAndTheMessage() throws Exception {
		Message message = Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setFrom(1)
			.setTo(2)
			.addEntries(Entry.newBuilder().setIndex(5).setData(ByteString.copyFromUtf8("x")))
			.build();
		ByteBuf out = Unpooled.directBuffer();
		Frames.writeMessage(out, 0x1234, message, message.getSerializedSize());
		assertThat(out.readableBytes()).isEqualTo(Frames.messageFrameSize(message.getSerializedSize()));
		assertThat(out.readInt()).isEqualTo(Frames.HEADER + message.getSerializedSize());
		assertThat(out.readByte()).isEqualTo(Frames.MESSAGE);
		assertThat(out.readLong()).isEqualTo(0x1234);
		assertThat(new MessageReader().read(out)).isEqualTo(message);
		out.release();
	}

	@Test
	void aSnapshotHeaderCarriesTheDataSizeBeforeTheMessage() throws Exception {
		Message snap = Message.newBuilder().setType(MessageType.MsgSnap).setFrom(1).setTo(2).build();
		ByteBuf out = Unpooled.buffer();
		Frames.writeSnapshotBegin(out, 3, 1L << 40, snap);
		assertThat(out.readInt()).isEqualTo(out.readableBytes());
		assertThat(out.readByte()).isEqualTo(Frames.SNAPSHOT_BEGIN);
		assertThat(out.readLong()).isEqualTo(3);
		assertThat(out.readLong()).isEqualTo(1L << 40);
		assertThat(new MessageReader().read(out)).isEqualTo(snap);
	}

	@Test
	void aPrefaceReadsBackAsWritten() {
		Preface preface = new Preface(Preface.SNAPSHOT, 0xC1, -2L, 3);
		ByteBuf out = Unpooled.buffer();
		preface.writeTo(out);
		assertThat(out.readableBytes()).isEqualTo(Preface.SIZE);
		assertThat(Preface.readFrom(out)).isEqualTo(preface);
	}
}
