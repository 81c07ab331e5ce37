package org.raftboot.raft;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader election (Raft paper §5.2) and its extensions: pre-vote and check-quorum.
 */
class RaftElectionTests {

	@Test
	void aNodeThatCampaignsWithAllPeersReachableBecomesLeader() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateLeader);
		assertThat(nw.peer(1).term).isEqualTo(1);
		assertThat(nw.peer(2).state).isEqualTo(StateType.StateFollower);
		assertThat(nw.peer(2).lead).isEqualTo(1);
		assertThat(nw.peer(3).lead).isEqualTo(1);
	}

	@Test
	void aCandidateWithoutAQuorumStaysCandidate() {
		TestNetwork nw = TestNetwork.of(3);
		nw.isolate(1);
		nw.campaign(1);
		assertThat(nw.peer(1).state).isEqualTo(StateType.StateCandidate);
		assertThat(nw.peer(1).term).isEqualTo(1);
	}

	@Test
	void aProposalOnTheLeaderIsCommittedEverywhere() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		nw.send(TestNetwork.prop(1, "somedata"));
		for (Raft r : nw.peers.values()) {
			assertThat(r.raftLog.committed).isEqualTo(2);
			assertThat(r.raftLog.allEntries().get(1).getData().toStringUtf8()).isEqualTo("somedata");
		}
	}

	@Test
	void heartbeatsReachFollowers() {
		TestNetwork nw = TestNetwork.of(3);
		nw.campaign(1);
		nw.send(Message.newBuilder().setFrom(1).setTo(1).setType(MessageType.MsgBeat).build());
		assertThat(nw.peer(2).lead).isEqualTo(1);
	}

}
