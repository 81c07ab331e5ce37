package org.raftboot.raft;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Raft#ticksUntilTimeout()}: how long a driver may hold ticks back without changing what raft does. */
class TicksUntilTimeoutTests {

	@Test
	void aFollowerNeedsItsTicksOnlyWhenTheRandomizedElectionTimeoutCouldElapse() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		int due = r.ticksUntilTimeout();
		assertThat(due).isEqualTo(r.randomizedElectionTimeout);
		for (int i = 1; i < due; i++) {
			r.tick();
			assertThat(r.ticksUntilTimeout()).isEqualTo(due - i);
			assertThat(r.state).isEqualTo(StateType.StateFollower);
		}
		r.tick();
		assertThat(r.state).isEqualTo(StateType.StateCandidate);
		assertThat(r.ticksUntilTimeout()).isEqualTo(r.randomizedElectionTimeout);
	}

	@Test
	void aHeartbeatFromTheLeaderPushesTheTimeoutBack() {
		Raft r = TestNetwork.newRaft(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3));
		r.tick();
		r.tick();
		r.step(Message.newBuilder().setType(MessageType.MsgHeartbeat).setFrom(2).setTo(1).setTerm(1).build());
		assertThat(r.ticksUntilTimeout()).isEqualTo(r.randomizedElectionTimeout);
	}

	@Test
	void aLeaderNeedsItsTicksAtTheNextHeartbeat() {
		Raft r = TestNetwork.newRaft(1, 10, 3, TestNetwork.storageWithVoters(1, 2, 3));
		r.becomeCandidate();
		r.becomeLeader();
		TestNetwork.readMessages(r);
		assertThat(r.ticksUntilTimeout()).isEqualTo(3);
		r.tick();
		r.tick();
		assertThat(r.ticksUntilTimeout()).isEqualTo(1);
		assertThat(TestNetwork.readMessages(r)).isEmpty();
		r.tick();
		assertThat(TestNetwork.readMessages(r)).extracting(Message::getType)
			.containsOnly(MessageType.MsgHeartbeat);
		assertThat(r.ticksUntilTimeout()).isEqualTo(3);
	}

	@Test
	void aLeaderNeedsItsTicksAtTheQuorumCheckWhenItComesBeforeTheHeartbeat() {
		Raft r = TestNetwork.newRaft(1, 4, 3, TestNetwork.storageWithVoters(1, 2, 3), (c) -> c.setCheckQuorum(true));
		r.becomeCandidate();
		r.becomeLeader();
		for (int i = 0; i < 3; i++) {
			r.tick();
		}
		assertThat(r.ticksUntilTimeout()).isEqualTo(1);
		r.tick();
		assertThat(r.state).as("no follower answered within the election timeout").isEqualTo(StateType.StateFollower);
	}

	@Test
	void aLearnerNeverNeedsItsTicks() {
		Raft r = TestNetwork.newRaft(1, 10, 1,
				TestNetwork.storageWith(ConfState.newBuilder().addVoters(2).addVoters(3).addLearners(1).build()));
		assertThat(r.ticksUntilTimeout()).isEqualTo(Integer.MAX_VALUE);
	}
}
