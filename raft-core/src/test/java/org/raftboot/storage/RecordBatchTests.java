package org.raftboot.storage;

import java.nio.ByteBuffer;

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
}
