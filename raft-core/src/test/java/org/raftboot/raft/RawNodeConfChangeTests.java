package org.raftboot.raft;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration changes driven through a RawNode the way an application does (etcd's
 * rawnode_test: TestRawNodeProposeAndConfChange and TestRawNodeJointAutoLeave): each kind of change
 * is proposed behind a normal entry, applied, and a joint configuration is left, automatically or by
 * an explicit empty change.
 */
class RawNodeConfChangeTests {

	static Stream<Arguments> changes() {
		return Stream.of(
				Arguments.of("legacy add voter", ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(2).build(),
						"voters [1, 2] outgoing [] learners [] next [] auto false", null),
				Arguments.of("single add voter, no joint config", v2(null, add(2)),
						"voters [1, 2] outgoing [] learners [] next [] auto false", null),
				Arguments.of("single add learner, no joint config", v2(null, learner(2)),
						"voters [1] outgoing [] learners [2] next [] auto false", null),
				Arguments.of("explicit joint add learner", v2(ConfChangeTransition.ConfChangeTransitionJointExplicit, learner(2)),
						"voters [1] outgoing [1] learners [2] next [] auto false",
						"voters [1] outgoing [] learners [2] next [] auto false"),
				Arguments.of("implicit joint add learner", v2(ConfChangeTransition.ConfChangeTransitionJointImplicit, learner(2)),
						"voters [1] outgoing [1] learners [2] next [] auto true",
						"voters [1] outgoing [] learners [2] next [] auto false"),
				Arguments.of("add voter and demote self, auto",
						v2(ConfChangeTransition.ConfChangeTransitionAuto, add(2), learner(1), learner(3)),
						"voters [2] outgoing [1] learners [3] next [1] auto true",
						"voters [2] outgoing [] learners [1, 3] next [] auto false"),
				Arguments.of("add voter and demote self, explicit",
						v2(ConfChangeTransition.ConfChangeTransitionJointExplicit, add(2), learner(1), learner(3)),
						"voters [2] outgoing [1] learners [3] next [1] auto false",
						"voters [2] outgoing [] learners [1, 3] next [] auto false"),
				Arguments.of("add voter and demote self, implicit",
						v2(ConfChangeTransition.ConfChangeTransitionJointImplicit, add(2), learner(1), learner(3)),
						"voters [2] outgoing [1] learners [3] next [1] auto true",
						"voters [2] outgoing [] learners [1, 3] next [] auto false"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("changes")
	void aChangeProposedBehindAnEntryIsAppliedAndItsJointConfigurationIsLeft(String name, MessageLite cc,
			String applied, @Nullable String left) throws Exception {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s));
		ConfState cs = electProposeBehindAnEntryAndApply(rn, s, cc, (r) -> {
		});
		long last = s.lastIndex();
		assertThat(describe(cs)).isEqualTo(applied);
		// Applying a change that enters an auto-leaving joint config appended the leave (not stored yet).
		assertThat(rn.raft.pendingConfIndex).isEqualTo(last + (cs.getAutoLeave() ? 1 : 0));

		Ready rd = rn.ready();
		ByteString context = ByteString.EMPTY;
		if (!cs.getAutoLeave()) {
			assertThat(rd.entries()).isEmpty();
			rn.advance();
			if (left == null) {
				return;
			}
			context = ByteString.copyFromUtf8("manual");
			rn.proposeConfChange(ConfChangeV2.newBuilder().setContext(context).build());
			rd = rn.ready();
		}
		assertThat(rd.entries()).singleElement().satisfies((e) -> {
			assertThat(e.getType()).isEqualTo(EntryType.EntryConfChangeV2);
		});
		ConfChangeV2 leave = ConfChangeV2.parseFrom(rd.entries().get(0).getData());
		assertThat(leave).isEqualTo(
				context.isEmpty() ? ConfChangeV2.getDefaultInstance() : ConfChangeV2.newBuilder().setContext(context).build());
		// Applied without committing: a single node cannot reach the joint quorum's other half here.
		assertThat(describe(rn.applyConfChange(leave))).isEqualTo(left);
		rn.advance();
	}

	/**
	 * Elects the single voter, proposes an entry and then {@code cc}, and applies the change once
	 * committed ({@code beforeApply} runs just before). The stored log then ends with the entry and the
	 * change, byte for byte.
	 */
	private static ConfState electProposeBehindAnEntryAndApply(RawNode rn, MemoryStorage s, MessageLite cc,
			Consumer<RawNode> beforeApply) throws InvalidProtocolBufferException {
		rn.campaign();
		ConfState cs = null;
		boolean proposed = false;
		while (cs == null) {
			Ready rd = rn.ready();
			s.append(rd.entries());
			for (Entry e : rd.committedEntries()) {
				MessageLite committed = confChangeOf(e);
				if (committed != null) {
					beforeApply.accept(rn);
					cs = rn.applyConfChange(committed);
				}
			}
			rn.advance();
			if (!proposed && rd.softState() != null && rd.softState().lead() == 1) {
				rn.propose("somedata".getBytes());
				rn.proposeConfChange(cc);
				proposed = true;
			}
		}
		long last = s.lastIndex();
		List<Entry> tail = s.entries(last - 1, last + 1, RaftConstants.NO_LIMIT);
		assertThat(tail.get(0).getData().toStringUtf8()).isEqualTo("somedata");
		assertThat(tail.get(1).getType())
			.isEqualTo((cc instanceof ConfChange) ? EntryType.EntryConfChange : EntryType.EntryConfChangeV2);
		assertThat(tail.get(1).getData()).isEqualTo(cc.toByteString());
		return cs;
	}

	@Test
	void aJointConfigurationIsLeftAutomaticallyOnceItsLeaderIsElectedAgain() throws Exception {
		MemoryStorage s = TestNetwork.storageWithVoters(1);
		RawNode rn = new RawNode(TestNetwork.config(1, 10, 1, s));
		ConfChangeV2 cc = v2(ConfChangeTransition.ConfChangeTransitionJointImplicit, learner(2));
		// Lose leadership just before the change is applied.
		ConfState cs = electProposeBehindAnEntryAndApply(rn, s, cc, (r) -> r.step(Message.newBuilder()
			.setType(MessageType.MsgHeartbeatResp)
			.setFrom(1)
			.setTerm(r.raft.term + 1)
			.build()));
		assertThat(describe(cs)).isEqualTo("voters [1] outgoing [1] learners [2] next [] auto true");
		// A follower proposes no leave.
		assertThat(rn.raft.pendingConfIndex).isZero();
		Ready rd = rn.ready();
		assertThat(rd.entries()).isEmpty();
		rn.advance();

		// Leader again: the leave is proposed once the applied index reaches the change.
		rn.campaign();
		Entry leaveEntry = null;
		for (int round = 0; round < 10 && leaveEntry == null && rn.hasReady(); round++) {
			rd = rn.ready();
			s.append(rd.entries());
			for (Entry e : rd.entries()) {
				if (e.getType() == EntryType.EntryConfChangeV2) {
					leaveEntry = e;
				}
			}
			rn.advance();
		}
		assertThat(leaveEntry).as("the automatic leave").isNotNull();
		ConfChangeV2 leave = ConfChangeV2.parseFrom(leaveEntry.getData());
		assertThat(leave).isEqualTo(ConfChangeV2.getDefaultInstance());
		assertThat(describe(rn.applyConfChange(leave))).isEqualTo("voters [1] outgoing [] learners [2] next [] auto false");
	}

	private static @Nullable MessageLite confChangeOf(Entry e) throws InvalidProtocolBufferException {
		return switch (e.getType()) {
			case EntryConfChange -> ConfChange.parseFrom(e.getData());
			case EntryConfChangeV2 -> ConfChangeV2.parseFrom(e.getData());
			default -> null;
		};
	}

	private static String describe(ConfState cs) {
		return "voters " + cs.getVotersList() + " outgoing " + cs.getVotersOutgoingList() + " learners "
				+ cs.getLearnersList() + " next " + cs.getLearnersNextList() + " auto " + cs.getAutoLeave();
	}

	private static ConfChangeV2 v2(@Nullable ConfChangeTransition transition, ConfChangeSingle... changes) {
		ConfChangeV2.Builder b = ConfChangeV2.newBuilder().addAllChanges(List.of(changes));
		if (transition != null) {
			b.setTransition(transition);
		}
		return b.build();
	}

	private static ConfChangeSingle add(long id) {
		return ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(id).build();
	}

	private static ConfChangeSingle learner(long id) {
		return ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(id).build();
	}

}
