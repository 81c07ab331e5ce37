package org.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

/** The fence that keeps a proposal reported dropped from taking effect when it reaches the log late. */
class SessionFenceTests {

	@Test
	void aProposalIsAdmittedOnlyAfterEveryEarlierOneOfItsSession() {
		SessionFence fence = new SessionFence();
		assertThat(fence.admit(7, 1)).isTrue();
		assertThat(fence.admit(7, 3)).isTrue();
		assertThat(fence.admit(7, 2)).as("reported dropped when 3 was applied").isFalse();
		assertThat(fence.admit(7, 3)).as("a duplicate").isFalse();
		assertThat(fence.admit(8, 2)).as("another session").isTrue();
		assertThat(fence.admit(7, 3)).as("back to the first session, whose highest is kept").isFalse();
		assertThat(fence.admit(7, 4)).isTrue();
		assertThat(fence.admit(8, 2)).isFalse();
		assertThat(fence.highest(7)).isEqualTo(4);
		assertThat(fence.highest(8)).isEqualTo(2);
		assertThat(fence.highest(9)).isZero();
	}

	@Test
	void aSnapshotCarriesTheFenceToAnotherReplica() throws IOException {
		SessionFence fence = new SessionFence();
		fence.admit(7, 5);
		fence.admit(-3, 2);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		fence.writeTo(new DataOutputStream(bytes));
		bytes.write(42);

		SessionFence restored = new SessionFence();
		restored.admit(7, 100);
		ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
		restored.restore(in);

		assertThat(in.read()).as("the state machine's bytes that follow").isEqualTo(42);
		assertThat(restored.admit(7, 5)).isFalse();
		assertThat(restored.admit(7, 6)).as("what the replica it came from had not applied").isTrue();
		assertThat(restored.admit(-3, 2)).isFalse();
	}

}
