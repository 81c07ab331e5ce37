package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class EnvelopeTests {

	@Test
	void aWrappedProposalGivesBackItsSessionSequenceAndTheUsersBytes() {
		ByteString data = Envelope.wrap(-5L, 42L, new byte[] { 7, 8, 9 });
		assertThat(data.size()).isEqualTo(Envelope.HEADER_SIZE + 3);
		assertThat(Envelope.isWrapped(data)).isTrue();
		assertThat(Envelope.session(data)).isEqualTo(-5L);
		assertThat(Envelope.seq(data)).isEqualTo(42L);
		assertThat(Envelope.payload(data).toByteArray()).containsExactly(7, 8, 9);
	}

	@Test
	void theByteStringFormIsTheSameAsTheArrayForm() {
		ByteString payload = ByteString.copyFromUtf8("book");
		assertThat(Envelope.wrap(1L, 2L, payload)).isEqualTo(Envelope.wrap(1L, 2L, payload.toByteArray()));
	}

	@Test
	void dataWithoutTheEnvelopeIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> Envelope.check(ByteString.copyFromUtf8("raw")))
			.withMessageContaining("without a RaftServer envelope");
	}
}
