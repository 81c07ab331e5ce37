package org.raftboot.raft;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftboot.raft.pb.NewerMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A peer's message of a type this version does not know (a newer etcd's), which Java reads as
 * {@code MsgHup}: as in etcd, it is no local message, its term counts, and every role ignores it.
 */
class UnknownMessageTypeTests {

	/** Each role, with a voter and a node outside the configuration (a leader has no progress for it) as sender. */
	static Stream<Arguments> rolesAndSenders() {
		return Arrays.stream(StateType.values()).flatMap((role) -> Stream.of(arguments(role, 2L), arguments(role, 9L)));
	}

	@ParameterizedTest
	@MethodSource("rolesAndSenders")
	void aHigherTermIsAdoptedWithoutALeaderAndNothingElseHappens(StateType role, long from) {
		RawNode rn = inRole(role);
		Raft r = rn.raft;
		long term = r.term;
		rn.step(NewerMessages.ofUnknownType(from, 1, term + 3));
		assertThat(r.state).isEqualTo(StateType.StateFollower);
		assertThat(r.term).isEqualTo(term + 3);
		assertThat(r.lead).isEqualTo(RaftConstants.NONE);
		assertThat(r.vote).isEqualTo(RaftConstants.NONE);
		assertThat(TestNetwork.readMessages(r)).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("rolesAndSenders")
	void anEqualLowerOrNoTermChangesNothing(StateType role, long from) {
		RawNode rn = inRole(role);
		Raft r = rn.raft;
		Observed before = Observed.of(r);
		for (long term : new long[] { r.term, r.term - 1, 0 }) {
			rn.step(NewerMessages.ofUnknownType(from, 1, term));
			assertThat(Observed.of(r)).as("term %d", term).isEqualTo(before);
			assertThat(TestNetwork.readMessages(r)).isEmpty();
		}
	}

	@Test
	void itIsDescribedByItsNumberAsEtcdPrintsIt() {
		assertThat(Describe.describeMessage(NewerMessages.ofUnknownType(2, 1, 5), null))
			.isEqualTo("2->1 99 Term:5 Log:0/0");
	}

	/**
	 * Node 1 of {1, 2, 3} in {@code role}, at term 2 or 3, with check-quorum and pre-vote (which make
	 * a lower term of some message types answered) and no messages pending.
	 */
	private static RawNode inRole(StateType role) {
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, TestNetwork.storageWithVoters(1, 2, 3))
			.setCheckQuorum(true)
			.setPreVote(true));
		Raft r = rn.raft;
		r.becomeFollower(2, 3);
		switch (role) {
			case StateFollower -> {
			}
			case StatePreCandidate -> r.becomePreCandidate();
			case StateCandidate -> r.becomeCandidate();
			case StateLeader -> {
				r.becomeCandidate();
				r.becomeLeader();
			}
		}
		TestNetwork.readMessages(r);
		return rn;
	}

	/** What a message could change: the role, term, leader, vote and log. */
	private record Observed(StateType state, long term, long lead, long vote, long lastIndex, long committed) {

		static Observed of(Raft r) {
			return new Observed(r.state, r.term, r.lead, r.vote, r.raftLog.lastIndex(), r.raftLog.committed);
		}
	}
}
