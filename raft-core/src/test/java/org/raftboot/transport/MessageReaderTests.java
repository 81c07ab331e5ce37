package org.raftboot.transport;

import java.util.Arrays;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** One connection's reader parses frame after frame through one array, and no message keeps a part of it. */
class MessageReaderTests {

	private final MessageReader reader = new MessageReader();

	@Test
	void aMessageParsedEarlierKeepsItsEntriesWhenTheArrayIsReusedForTheNext() throws Exception {
		Message first = append(5, 300, (byte) 1);
		Message second = append(8, 200, (byte) 2);

		Message parsedFirst = this.reader.read(direct(first));
		Message parsedSecond = this.reader.read(direct(second));

		assertThat(parsedSecond).isEqualTo(second);
		assertThat(parsedFirst).as("after the second frame overwrote the array").isEqualTo(first);
	}

	@Test
	void heapFramesAndFramesLargerThanTheKeptArrayParseToo() throws Exception {
		Message small = append(3, 100, (byte) 3);
		Message large = append(2, MessageReader.MAX_KEPT_BYTES, (byte) 4);
		ByteBuf heap = Unpooled.wrappedBuffer(new byte[] { 9, 9 }, small.toByteArray()).skipBytes(2);

		assertThat(this.reader.read(heap)).isEqualTo(small);
		Message parsedSmall = this.reader.read(direct(small));
		assertThat(this.reader.read(direct(large))).isEqualTo(large);
		assertThat(this.reader.read(direct(small))).isEqualTo(small);
		assertThat(parsedSmall).isEqualTo(small);
	}

	@Test
	void aTruncatedMessageFailsToParseAfterALongerOneFilledTheArray() throws Exception {
		Message message = append(4, 100, (byte) 5);
		this.reader.read(direct(message));
		byte[] bytes = message.toByteArray();
		ByteBuf truncated = Unpooled.directBuffer().writeBytes(bytes, 0, bytes.length - 7);

		assertThatExceptionOfType(InvalidProtocolBufferException.class).isThrownBy(() -> this.reader.read(truncated));
	}

	private static Message append(int entries, int size, byte fill) {
		Message.Builder m = Message.newBuilder().setType(MessageType.MsgApp).setFrom(1).setTo(2).setTerm(3);
		for (int i = 1; i <= entries; i++) {
			byte[] data = new byte[size];
			Arrays.fill(data, (byte) (fill + i));
			m.addEntries(Entry.newBuilder().setTerm(3).setIndex(i).setData(ByteString.copyFrom(data)));
		}
		return m.build();
	}

	private static ByteBuf direct(Message message) {
		return Unpooled.directBuffer().writeBytes(message.toByteArray());
	}
}
