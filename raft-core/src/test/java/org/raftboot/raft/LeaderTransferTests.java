package org.raftboot.raft;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Leadership transfer (Raft thesis §3.10): the leader catches the transferee up, tells it to
 * campaign at once, and gives up after an election timeout.
 */
class LeaderTransferTests {

	private static Message transfer(long transferee, long to) {
		return Message.newBuilder().setFrom(transferee).setTo(to).setType(MessageType.MsgTransferLeader).build();
	}

	private static TestNetwork electedNetwork() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		return nw;
	}

	@Test
	void anUpToDateTransfereeTakesOverAtOnce() {
		TestNetwork nw = electedNetwork();
		nw.send(transfer(2, 1));
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateFollower);
		assertThat(nw.peer(1).lead).isEqualTo(2);
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).leadTransferee).isZero();

		nw.send(TestNetwork.prop(2, "x"));
		nw.send(transfer(1, 2));
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void aTransferRequestedOnAFollowerIsForwardedToTheLeader() {
		TestNetwork nw = electedNetwork();
		nw.send(transfer(2, 2));
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void aTransferOverridesTheLeaderLeaseOfCheckQuorum() {
		TestNetwork nw = TestNetwork.of(3, (c) -> c.setCheckQuorum(true));
		for (long id = 1; id <= 3; id++) {
			Raft r = nw.peer(id);
			r.randomizedElectionTimeout = r.electionTimeout + (int) id;
		}
		// Let 2 time out once so it grants 1's vote.
		Raft b = nw.peer(2);
		for (int i = 0; i < b.electionTimeout; i++) {
			b.tick();
		}
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		nw.send(transfer(2, 1));
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateFollower);
	}

	@Test
	void aSlowTransfereeIsCaughtUpFirst() {
		TestNetwork nw = electedNetwork();
		nw.isolate(3);
		nw.send(TestNetwork.prop(1, "x"));
		nw.recover();
		assertThat(nw.peer(1).trk.progress.get(3).match).isEqualTo(1);
		nw.send(transfer(3, 1));
		assertThat(nw.peer(3).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(3).raftLog.lastIndex()).isEqualTo(3);
		assertThat(nw.peer(3).raftLog.allEntries().get(1).getData().toStringUtf8()).isEqualTo("x");
	}

	@Test
	void aStalledTransferIsAbortedAfterAnElectionTimeout() {
		TestNetwork nw = electedNetwork();
		nw.isolate(3);
		Raft lead = nw.peer(1);
		nw.send(transfer(3, 1));
		assertThat(lead.leadTransferee).isEqualTo(3);
		for (int i = 0; i < lead.heartbeatTimeout; i++) {
			lead.tick();
		}
		assertThat(lead.leadTransferee).isEqualTo(3);
		for (int i = 0; i < lead.electionTimeout - lead.heartbeatTimeout; i++) {
			lead.tick();
		}
		assertThat(lead.leadTransferee).isZero();
		assertThat(lead.state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void proposalsAreDroppedWhileATransferIsPending() {
		TestNetwork nw = electedNetwork();
		nw.isolate(3);
		Raft lead = nw.peer(1);
		nw.send(transfer(3, 1));
		assertThatThrownBy(() -> lead.step(TestNetwork.prop(1, "x"))).isInstanceOf(ProposalDroppedException.class);
	}

	@Test
	void aTransferToTheLeaderItselfOrToANonMemberChangesNothing() {
		TestNetwork nw = electedNetwork();
		nw.send(transfer(1, 1));
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).leadTransferee).isZero();
		nw.send(transfer(4, 1));
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).leadTransferee).isZero();
	}

	@Test
	void removingTheTransfereeAbortsTheTransfer() {
		TestNetwork nw = electedNetwork();
		nw.ignore(MessageType.MsgTimeoutNow);
		Raft lead = nw.peer(1);
		nw.send(transfer(3, 1));
		assertThat(lead.leadTransferee).isEqualTo(3);
		Membership.applyConfChange(lead, ConfChanges.asV2(ConfChange.newBuilder()
			.setType(ConfChangeType.ConfChangeRemoveNode)
			.setNodeId(3)
			.build()));
		assertThat(lead.leadTransferee).isZero();
		assertThat(lead.state).isEqualTo(StateType.StateLeader);
	}

	@Test
	void aSecondTransferToAnotherNodeReplacesTheFirst() {
		TestNetwork nw = electedNetwork();
		nw.isolate(3);
		Raft lead = nw.peer(1);
		nw.send(transfer(3, 1));
		nw.send(transfer(2, 1));
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
		assertThat(lead.state).isEqualTo(StateType.StateFollower);
	}

	@Test
	void aHigherTermVoteEndsThePendingTransfer() {
		TestNetwork nw = electedNetwork();
		nw.isolate(3);
		Raft lead = nw.peer(1);
		nw.send(transfer(3, 1));
		nw.campaign(2);
		assertThat(lead.state).isEqualTo(StateType.StateFollower);
		assertThat(lead.leadTransferee).isZero();
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateLeader);
	}

}
