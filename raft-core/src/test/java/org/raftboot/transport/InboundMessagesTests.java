package org.raftboot.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.NewerMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InboundMessagesTests {

	@Test
	void aTypeThisVersionDoesNotKnowGoesOnToRaftOnAMessageConnection() {
		Message parsed = InboundMessages.parse(new MessageReader(), unknownType(), 2, 1, false);
		assertThat(parsed.hasType()).isFalse();
		assertThat(parsed.getTerm()).isEqualTo(5);
	}

	@Test
	void onASnapshotConnectionItIsRefusedByItsNumberNotAsTheTypeJavaReadsItAs() {
		assertThatExceptionOfType(RejectedConnectionException.class)
			.isThrownBy(() -> InboundMessages.parse(new MessageReader(), unknownType(), 2, 1, true))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RejectReason.MALFORMED_FRAME))
			.withMessage(NewerMessages.UNKNOWN_TYPE + " on a snapshot connection");
	}

	private static ByteBuf unknownType() {
		return Unpooled.wrappedBuffer(NewerMessages.ofUnknownType(2, 1, 5).toByteArray());
	}
}
