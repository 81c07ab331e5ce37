package org.raftboot.raft.confchange;

import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConfChangesTests {

	private static ConfChangeSingle change(ConfChangeType type, long id) {
		return ConfChangeSingle.newBuilder().setType(type).setNodeId(id).build();
	}

	@Test
	void theTextFormParsesEveryChangeType() {
		assertThat(ConfChanges.fromString("  v1 l2 r3 u18446744073709551615 ")).containsExactly(
				change(ConfChangeType.ConfChangeAddNode, 1), change(ConfChangeType.ConfChangeAddLearnerNode, 2),
				change(ConfChangeType.ConfChangeRemoveNode, 3), change(ConfChangeType.ConfChangeUpdateNode, -1L));
		assertThat(ConfChanges.fromString("")).isEmpty();
		assertThat(ConfChanges.fromString(" \n ")).isEmpty();
	}

	@Test
	void theTextFormRoundTrips() {
		String text = "v1 l2 r3 u4 v18446744073709551615";
		assertThat(ConfChanges.toString(ConfChanges.fromString(text))).isEqualTo(text);
		assertThat(ConfChanges.toString(List.of())).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "v | unknown token v", "v1  v2 | 'unknown token '", "x1 | unknown input: x1",
			"va | strconv.ParseUint: parsing \"a\": invalid syntax", "v+1 | strconv.ParseUint: parsing \"+1\": invalid syntax",
			"v18446744073709551616 | strconv.ParseUint: parsing \"18446744073709551616\": value out of range" })
	void malformedTokensAreRejectedWithEtcdsText(String input, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> ConfChanges.fromString(input)).withMessage(message);
	}

	@Test
	void aV1ChangeBecomesASingleV2ChangeWithItsContext() {
		ConfChange v1 = ConfChange.newBuilder().setId(9).setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(4)
			.setContext(ByteString.copyFromUtf8("ctx")).build();
		assertThat(ConfChanges.asV2(v1)).isEqualTo(ConfChangeV2.newBuilder()
			.addChanges(change(ConfChangeType.ConfChangeAddLearnerNode, 4))
			.setContext(ByteString.copyFromUtf8("ctx"))
			.build());
		ConfChangeV2 noContext = ConfChanges.asV2(ConfChange.getDefaultInstance());
		assertThat(noContext.hasContext()).isFalse();
		assertThat(noContext.getChanges(0).hasType()).isTrue();
		assertThat(noContext.getChanges(0).hasNodeId()).isTrue();
	}

	@ParameterizedTest
	@CsvSource({
		"ConfChangeTransitionAuto, 0, false, false, true",
		"ConfChangeTransitionAuto, 1, false, false, false",
		"ConfChangeTransitionAuto, 2, true, true, false",
		"ConfChangeTransitionJointImplicit, 0, true, true, false",
		"ConfChangeTransitionJointImplicit, 1, true, true, false",
		"ConfChangeTransitionJointExplicit, 0, true, false, false",
		"ConfChangeTransitionJointExplicit, 2, true, false, false",
	})
	void theTransitionAndChangeCountDecideJointConsensus(ConfChangeTransition transition, int changes,
			boolean entersJoint, boolean autoLeave, boolean leavesJoint) {
		ConfChangeV2.Builder cc = ConfChangeV2.newBuilder().setTransition(transition);
		for (int i = 0; i < changes; i++) {
			cc.addChanges(change(ConfChangeType.ConfChangeAddNode, i + 1));
		}
		assertThat(ConfChanges.entersJoint(cc.build())).isEqualTo(entersJoint);
		assertThat(ConfChanges.autoLeave(cc.build())).isEqualTo(autoLeave);
		assertThat(ConfChanges.leavesJoint(cc.build())).isEqualTo(leavesJoint);
	}

	@Test
	void aChangeTypeThisVersionDoesNotKnowSurvivesTheV2FormAndPrintsAsUnknown() throws Exception {
		// ConfChange{type: 9, node_id: 4} as etcd would encode it.
		ConfChange v1 = ConfChange.parseFrom(new byte[] { 0x10, 9, 0x18, 4 });
		assertThat(v1.hasType()).isFalse();
		ConfChangeSingle single = ConfChanges.asV2(v1).getChanges(0);
		assertThat(ConfChanges.unknownType(single)).hasValue(9);
		assertThat(single.getNodeId()).isEqualTo(4);
		assertThat(ConfChanges.toString(List.of(change(ConfChangeType.ConfChangeAddNode, 1), single)))
			.isEqualTo("v1 unknown4");
		assertThat(ConfChanges.unknownType(change(ConfChangeType.ConfChangeAddNode, 1))).isEmpty();
		// A known value on the wire counts, even after an unknown one.
		assertThat(ConfChanges.unknownType(ConfChangeSingle.parseFrom(new byte[] { 0x08, 9, 0x08, 1 }))).isEmpty();
	}

	@Test
	void aTransitionThisVersionDoesNotKnowEntersJointAndCannotBeApplied() throws Exception {
		// ConfChangeV2{transition: 5}: empty, but not the auto transition, so it does not leave a joint config.
		ConfChangeV2 cc = ConfChangeV2.parseFrom(new byte[] { 0x08, 5 });
		assertThat(cc.getTransition()).isEqualTo(ConfChangeTransition.ConfChangeTransitionAuto);
		assertThat(ConfChanges.unknownTransition(cc)).hasValue(5);
		assertThat(ConfChanges.leavesJoint(cc)).isFalse();
		assertThat(ConfChanges.entersJoint(cc)).isTrue();
		assertThatExceptionOfType(ConfChangeException.class).isThrownBy(() -> ConfChanges.autoLeave(cc))
			.withMessage("unknown transition: 5");
	}

	@Test
	void equivalenceIgnoresOrderAndAnUnsetAutoLeave() {
		ConfState a = ConfState.newBuilder().addAllVoters(List.of(3L, 1L, 2L)).addAllLearners(List.of(5L, 4L))
			.addAllVotersOutgoing(List.of(2L, 1L)).addLearnersNext(6).build();
		ConfState b = ConfState.newBuilder().addAllVoters(List.of(1L, 2L, 3L)).addAllLearners(List.of(4L, 5L))
			.addAllVotersOutgoing(List.of(1L, 2L)).addLearnersNext(6).setAutoLeave(false).build();
		assertThat(ConfChanges.equivalent(a, b)).isTrue();
		assertThat(ConfChanges.equivalent(a, b.toBuilder().setAutoLeave(true).build())).isFalse();
		assertThat(ConfChanges.equivalent(a, b.toBuilder().addVoters(7).build())).isFalse();
		assertThat(ConfChanges.equivalent(a, b.toBuilder().clearLearnersNext().build())).isFalse();
		assertThat(ConfChanges.equivalent(a, b.toBuilder().clearVotersOutgoing().addVotersOutgoing(1).build())).isFalse();
		assertThat(ConfChanges.equivalent(ConfState.getDefaultInstance(), ConfState.newBuilder().setAutoLeave(false).build()))
			.isTrue();
	}

}
