package org.raftboot.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;

import static org.assertj.core.api.Assertions.assertThat;

class RecordBatchTests {

	@Test
	void aMessageIsEncodedInPlaceExactlyAsItsSerializedBytesWouldBeAndReadsBackValid() {
		Entry entry = Entry.newBuilder().setIndex(7).setTerm(2).setData(ByteString.copyFromUtf8("value")).build();
		HardState hs = HardState.newBuilder().setTerm(2).setVote(1).setCommit(7).build();
		long[] inPlaceOffsets = new long[3];
		long[] copiedOffsets = new long[3];
		ByteBuffer inPlace = new RecordBatch().add(RecordType.CHECKPOINT, new byte[] { 1, 2 })
			.add(RecordType.ENTRY, entry)
			.add(RecordType.HARD_STATE, hs)
			.encode(inPlaceOffsets);
		ByteBuffer copied = new RecordBatch().add(RecordType.CHECKPOINT, new byte[] { 1, 2 })
			.add(RecordType.ENTRY, entry.toByteArray())
			.add(RecordType.HARD_STATE, hs.toByteArray())
			.encode(copiedOffsets);
		assertThat(inPlace).isEqualTo(copied);
		assertThat(inPlaceOffsets).containsExactly(copiedOffsets);
		for (long offset : inPlaceOffsets) {
			assertThat(RecordFormat.verify(inPlace, (int) offset)).isNull();
		}
	}

	@Test
	void aBatchEncodedIntoABufferThatFitsItUsesItsFrontAndOneThatDoesNotFitGetsAnArrayOfItsOwn() {
		Entry entry = Entry.newBuilder().setIndex(3).setTerm(1).setData(ByteString.copyFromUtf8("v")).build();
		RecordBatch batch = new RecordBatch().add(RecordType.ENTRY, entry)
			.add(RecordType.HARD_STATE, HardState.newBuilder().setTerm(1).setCommit(3).build());
		ByteBuffer own = batch.encode(new long[2]);
		byte[] large = new byte[batch.size() + 64];
		Arrays.fill(large, (byte) 0x5a);
		long[] offsets = new long[2];
		ByteBuffer reused = batch.encode(offsets, large);
		assertThat(reused.array()).isSameAs(large);
		assertThat(reused).isEqualTo(own);
		assertThat(offsets).containsExactly(0, RecordFormat.size(entry.getSerializedSize()));
		assertThat(RecordFormat.verify(reused, 0)).isNull();
		assertThat(RecordFormat.verify(reused, (int) offsets[1])).isNull();
		byte[] small = new byte[batch.size() - 1];
		ByteBuffer fresh = batch.encode(new long[2], small);
		assertThat(fresh.array()).isNotSameAs(small);
		assertThat(fresh).isEqualTo(own);
	}
}
