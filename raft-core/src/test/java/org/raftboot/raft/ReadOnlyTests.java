package org.raftboot.raft;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.quorum.JointConfig;
import org.raftboot.raft.quorum.MajorityConfig;

import static org.assertj.core.api.Assertions.assertThat;

class ReadOnlyTests {

	private static final Message READ = Message.newBuilder().setType(MessageType.MsgReadIndex).build();

	@Test
	void aReadIsConfirmedOnceAQuorumEchoedACounterCoveringIt() {
		ReadOnly ro = new ReadOnly(ReadOnlyOption.SAFE);
		ro.addRequest(7, READ);
		byte[] ctx = ro.heartbeatCtx();
		JointConfig voters = new JointConfig(new MajorityConfig(1, 2, 3), new MajorityConfig());

		ro.recvAck(1, ctx);
		assertThat(ro.maybeAdvance(voters)).isEmpty();
		ro.recvAck(2, ctx);
		assertThat(ro.maybeAdvance(voters)).extracting(ReadOnly.ReadIndexRequest::index).containsExactly(7L);
	}

	@Test
	void aContextTooShortForACounterIsIgnoredInsteadOfFailing() {
		ReadOnly ro = new ReadOnly(ReadOnlyOption.SAFE);
		ro.addRequest(7, READ);
		JointConfig voters = new JointConfig(new MajorityConfig(1, 2, 3), new MajorityConfig());

		ro.recvAck(1, new byte[] { 1, 2, 3 });
		ro.recvAck(2, new byte[] { 1 });

		assertThat(ro.ackedIndex(1)).isEqualTo(ReadOnly.UNKNOWN);
		assertThat(ro.maybeAdvance(voters)).isEmpty();
	}

}
