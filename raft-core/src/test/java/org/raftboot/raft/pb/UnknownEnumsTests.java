package org.raftboot.raft.pb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownEnumsTests {

	@Test
	void aMessageTypeThisVersionDoesNotKnowIsReadByItsNumber() {
		Message newer = NewerMessages.ofUnknownType(2, 1, 5);
		assertThat(newer.hasType()).isFalse();
		assertThat(newer.getType()).isEqualTo(MessageType.MsgHup);
		assertThat(UnknownEnums.number(newer, Message.TYPE_FIELD_NUMBER)).hasValue(NewerMessages.UNKNOWN_TYPE);
	}

	@Test
	void aKnownOrAbsentTypeHasNoUnknownNumber() {
		Message hup = Message.newBuilder().setType(MessageType.MsgHup).build();
		assertThat(UnknownEnums.number(hup, Message.TYPE_FIELD_NUMBER)).isEmpty();
		assertThat(UnknownEnums.number(Message.getDefaultInstance(), Message.TYPE_FIELD_NUMBER)).isEmpty();
	}

}
