package org.raftboot.raft;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.EntryType;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.raftboot.raft.LogFixtures.entry;

class DescribeTests {

	private static final Entry HELLO = Entry.newBuilder()
		.setTerm(1)
		.setIndex(2)
		.setType(EntryType.EntryNormal)
		.setData(ByteString.copyFrom("hello\u0000world", StandardCharsets.UTF_8))
		.build();

	@Test
	void entriesQuoteTheirPayloadLikeGoUnlessAFormatterIsGiven() {
		assertThat(Describe.describeEntry(HELLO, null)).isEqualTo("1/2 EntryNormal \"hello\\x00world\"");
		assertThat(Describe.describeEntry(HELLO, (data) -> data.toStringUtf8().toUpperCase()))
			.isEqualTo("1/2 EntryNormal HELLO\u0000WORLD");
		assertThat(Describe.describeEntry(entry(3, 4), null)).isEqualTo("3/4 EntryNormal \"\"");
	}

	@Test
	void confChangeEntriesShowTheirChanges() {
		ConfChangeV2 v2 = ConfChangeV2.newBuilder()
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(1))
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeAddNode).setNodeId(4))
			.build();
		Entry e2 = entry(1, 5).toBuilder().setType(EntryType.EntryConfChangeV2).setData(v2.toByteString()).build();
		assertThat(Describe.describeEntry(e2, null)).isEqualTo("1/5 EntryConfChangeV2 r1 v4");
		ConfChange v1 = ConfChange.newBuilder().setType(ConfChangeType.ConfChangeAddLearnerNode).setNodeId(2).build();
		Entry e1 = entry(1, 6).toBuilder().setType(EntryType.EntryConfChange).setData(v1.toByteString()).build();
		assertThat(Describe.describeEntry(e1, null)).isEqualTo("1/6 EntryConfChange l2");
		Entry leave = entry(1, 7).toBuilder().setType(EntryType.EntryConfChangeV2).build();
		assertThat(Describe.describeEntry(leave, null)).isEqualTo("1/7 EntryConfChangeV2");
		assertThat(Describe.describeEntries(List.of(e2, leave), null))
			.isEqualTo("1/5 EntryConfChangeV2 r1 v4\n1/7 EntryConfChangeV2\n");
	}

	@Test
	void messagesShowOnlyTheFieldsThatAreSet() {
		Message m = Message.newBuilder()
			.setType(MessageType.MsgAppResp)
			.setFrom(2)
			.setTo(1)
			.setTerm(3)
			.setLogTerm(2)
			.setIndex(5)
			.setReject(true)
			.setRejectHint(4)
			.setCommit(3)
			.build();
		assertThat(Describe.describeMessage(m, null))
			.isEqualTo("2->1 MsgAppResp Term:3 Log:2/5 Rejected (Hint: 4) Commit:3");
		Message vote = Message.newBuilder().setType(MessageType.MsgVote).setFrom(10).setTo(11).setVote(7).build();
		assertThat(Describe.describeMessage(vote, null)).isEqualTo("a->b MsgVote Term:0 Log:0/0 Vote:7");
		assertThat(Describe.describeMessage(vote.toBuilder().setVote(-1L).build(), null))
			.isEqualTo("a->b MsgVote Term:0 Log:0/0 Vote:18446744073709551615");
	}

	@Test
	void messagesListEntriesSnapshotsAndNestedResponses() {
		Message app = Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setFrom(1)
			.setTo(2)
			.addEntries(entry(1, 1))
			.build();
		assertThat(Describe.describeMessage(app, null))
			.isEqualTo("1->2 MsgApp Term:0 Log:0/0 Entries:[1/1 EntryNormal \"\"]");
		Snapshot snap = Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder()
				.setIndex(11)
				.setTerm(2)
				.setConfState(ConfState.newBuilder().addVoters(1).addVoters(2).addLearners(3)))
			.build();
		Message append = Message.newBuilder()
			.setType(MessageType.MsgStorageAppend)
			.setFrom(1)
			.setTo(RaftConstants.LOCAL_APPEND_THREAD)
			.addEntries(entry(1, 1))
			.addEntries(entry(1, 2))
			.setSnapshot(snap)
			.addResponses(Message.newBuilder()
				.setType(MessageType.MsgStorageAppendResp)
				.setFrom(RaftConstants.LOCAL_APPEND_THREAD)
				.setTo(1)
				.addEntries(entry(1, 1))
				.addEntries(entry(1, 2)))
			.addResponses(Message.newBuilder()
				.setType(MessageType.MsgStorageApplyResp)
				.setFrom(RaftConstants.LOCAL_APPLY_THREAD)
				.setTo(RaftConstants.NONE))
			.build();
		assertThat(Describe.describeMessage(append, null)).isEqualTo("""
				1->AppendThread MsgStorageAppend Term:0 Log:0/0 Entries:[
				  1/1 EntryNormal ""
				  1/2 EntryNormal ""
				]
				  Snapshot: Index:11 Term:2 ConfState:Voters:[1 2] VotersOutgoing:[] Learners:[3] LearnersNext:[] \
				AutoLeave:false Responses:[
				  AppendThread->1 MsgStorageAppendResp Term:0 Log:0/0 Entries:[
				    1/1 EntryNormal ""
				    1/2 EntryNormal ""
				  ]
				  ApplyThread->None MsgStorageApplyResp Term:0 Log:0/0
				]""");
	}

	@Test
	void anEmptySnapshotIsNotShownInAMessage() {
		Message snap = Message.newBuilder()
			.setType(MessageType.MsgSnap)
			.setFrom(1)
			.setTo(2)
			.setSnapshot(Snapshot.getDefaultInstance())
			.build();
		assertThat(Describe.describeMessage(snap, null)).isEqualTo("1->2 MsgSnap Term:0 Log:0/0");
	}

	@Test
	void anEmptyReadyIsNamedWithoutANewline() {
		Ready empty = new Ready(null, HardState.getDefaultInstance(), List.of(), List.of(), Snapshot.getDefaultInstance(),
				List.of(), List.of(), false);
		assertThat(Describe.describeReady(empty, null)).isEqualTo("<empty Ready>");
	}

	@Test
	void aReadyListsEachPartItCarriesInOrder() {
		Snapshot snap = Snapshot.newBuilder()
			.setMetadata(SnapshotMetadata.newBuilder().setIndex(5).setTerm(1).setConfState(ConfState.newBuilder().addVoters(1)))
			.build();
		Ready rd = new Ready(new SoftState(1, StateType.StateLeader),
				HardState.newBuilder().setTerm(2).setVote(1).setCommit(3).build(),
				List.of(new ReadState(4, new byte[] { 1, (byte) 200 }), new ReadState(5, new byte[0])),
				List.of(entry(2, 6)), snap, List.of(entry(1, 3)),
				List.of(Message.newBuilder().setType(MessageType.MsgHeartbeat).setFrom(1).setTo(2).setTerm(2).build()),
				true);
		assertThat(Describe.describeReady(rd, null)).isEqualTo("""
				Ready MustSync=true:
				Lead:1 State:StateLeader
				HardState Term:2 Vote:1 Commit:3
				ReadStates [{4 [1 200]} {5 []}]
				Entries:
				2/6 EntryNormal ""
				Snapshot Index:5 Term:1 ConfState:Voters:[1] VotersOutgoing:[] Learners:[] LearnersNext:[] AutoLeave:false
				CommittedEntries:
				1/3 EntryNormal ""
				Messages:
				1->2 MsgHeartbeat Term:2 Log:0/0
				""");
	}

	@Test
	void hardStatesOmitAnEmptyVote() {
		assertThat(Describe.describeHardState(HardState.newBuilder().setTerm(2).setCommit(5).build()))
			.isEqualTo("Term:2 Commit:5");
		assertThat(Describe.describeHardState(HardState.newBuilder().setTerm(2).setVote(3).setCommit(5).build()))
			.isEqualTo("Term:2 Vote:3 Commit:5");
		// Ids are unsigned 64-bit (etcd's member ids often exceed 2^63).
		assertThat(Describe.describeHardState(HardState.newBuilder().setTerm(2).setVote(-2L).setCommit(5).build()))
			.isEqualTo("Term:2 Vote:18446744073709551614 Commit:5");
	}

	@Test
	void confChangesAreShownInTheirV2Form() {
		ConfChange v1 = ConfChange.newBuilder()
			.setType(ConfChangeType.ConfChangeAddNode)
			.setNodeId(3)
			.setContext(ByteString.copyFromUtf8("ctx"))
			.build();
		assertThat(Describe.describeConfChange(v1))
			.isEqualTo("transition:ConfChangeTransitionAuto changes:{type:ConfChangeAddNode node_id:3} context:\"ctx\"");
		ConfChangeV2 v2 = ConfChangeV2.newBuilder()
			.setTransition(ConfChangeTransition.ConfChangeTransitionJointExplicit)
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(1))
			.build();
		assertThat(Describe.describeConfChange(v2))
			.isEqualTo("transition:ConfChangeTransitionJointExplicit changes:{type:ConfChangeRemoveNode node_id:1}");
	}

	@Test
	void confChangesShowUnsignedIdsAndEnumValuesThisVersionDoesNotKnowAsNumbers() throws Exception {
		// ConfChangeV2{transition: 5, changes: [{type: 7, node_id: 2^64-1}]}
		byte[] wire = { 0x08, 5, 0x12, 13, 0x08, 7, 0x10, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1 };
		assertThat(Describe.describeConfChange(ConfChangeV2.parseFrom(wire)))
			.isEqualTo("transition:5 changes:{type:7 node_id:18446744073709551615}");
	}

	@Test
	void goQuoteFollowsStrconvRules() {
		assertThat(GoQuote.quote(bytes(0x61, 0x22, 0x5c, 0x07, 0x08, 0x0c, 0x0a, 0x0d, 0x09, 0x0b, 0x01, 0x7f)))
			.isEqualTo("\"a\\\"\\\\\\a\\b\\f\\n\\r\\t\\v\\x01\\x7f\"");
		assertThat(GoQuote.quote("héllo ∞ 😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"héllo ∞ 😀\"");
		assertThat(GoQuote.quote(bytes(0xff, 0xc3))).isEqualTo("\"\\xff\\xc3\"");
		assertThat(GoQuote.quote(bytes(0xc0, 0x80))).isEqualTo("\"\\xc0\\x80\"");
		assertThat(GoQuote.quote(bytes(0xed, 0xa0, 0x80))).isEqualTo("\"\\xed\\xa0\\x80\"");
		assertThat(GoQuote.quote("\u00a0\u200b\u2028".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("\"\\u00a0\\u200b\\u2028\"");
		assertThat(GoQuote.quote("\uDB80\uDC00".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"\\U000f0000\"");
		assertThat(GoQuote.quote(new byte[0])).isEqualTo("\"\"");
	}

	@Test
	void limitSizeKeepsAtLeastOneEntryAndNeverExceedsTheLimitOtherwise() {
		List<Entry> ents = List.of(entry(4, 4), entry(5, 5), entry(6, 6));
		long s0 = ents.get(0).getSerializedSize();
		long s1 = ents.get(1).getSerializedSize();
		long s2 = ents.get(2).getSerializedSize();
		assertThat(Messages.limitSize(ents, RaftConstants.NO_LIMIT)).isEqualTo(ents);
		assertThat(Messages.limitSize(ents, 0)).isEqualTo(ents.subList(0, 1));
		assertThat(Messages.limitSize(ents, s0 + s1)).isEqualTo(ents.subList(0, 2));
		assertThat(Messages.limitSize(ents, s0 + s1 + s2 / 2)).isEqualTo(ents.subList(0, 2));
		assertThat(Messages.limitSize(ents, s0 + s1 + s2 - 1)).isEqualTo(ents.subList(0, 2));
		assertThat(Messages.limitSize(ents, s0 + s1 + s2)).isEqualTo(ents);
		assertThat(Messages.entsSize(ents)).isEqualTo(s0 + s1 + s2);
	}

	@Test
	void entrySizesCountOnlyTheFieldsThatAreSet() {
		// Term and Index as one-byte varints: two bytes each with their tags; no Type, no Data.
		assertThat(entry(1, 1).getSerializedSize()).isEqualTo(4);
		assertThat(entry(1, 1).toBuilder().setType(EntryType.EntryNormal).build().getSerializedSize()).isEqualTo(6);
		assertThat(entry(1, 1).toBuilder().setData(ByteString.EMPTY).build().getSerializedSize()).isEqualTo(6);
		assertThat(entry(1, 1).toBuilder().setData(ByteString.copyFromUtf8("abc")).build().getSerializedSize())
			.isEqualTo(9);
	}

	@Test
	void thePayloadSizeIsTheDataLength() {
		assertThat(Messages.payloadSize(Entry.getDefaultInstance())).isZero();
		assertThat(Messages.payloadSize(HELLO)).isEqualTo(11);
		assertThat(Messages.payloadsSize(List.of(HELLO, HELLO, entry(1, 1)))).isEqualTo(22);
	}

	@ParameterizedTest
	@EnumSource(MessageType.class)
	void localAndResponseMessagesAreClassifiedAsEtcdDoes(MessageType type) {
		boolean local = switch (type) {
			case MsgHup, MsgBeat, MsgUnreachable, MsgSnapStatus, MsgCheckQuorum, MsgStorageAppend,
					MsgStorageAppendResp, MsgStorageApply, MsgStorageApplyResp ->
				true;
			default -> false;
		};
		boolean response = switch (type) {
			case MsgAppResp, MsgVoteResp, MsgHeartbeatResp, MsgUnreachable, MsgReadIndexResp, MsgPreVoteResp,
					MsgStorageAppendResp, MsgStorageApplyResp ->
				true;
			default -> false;
		};
		assertThat(Messages.isLocalMsg(Message.newBuilder().setType(type).build())).isEqualTo(local);
		assertThat(Messages.isResponseMsg(type)).isEqualTo(response);
	}

	@Test
	void voteResponsesMatchTheirRequestsAndLocalTargetsAreTheThreads() {
		assertThat(Messages.voteRespMsgType(MessageType.MsgVote)).isEqualTo(MessageType.MsgVoteResp);
		assertThat(Messages.voteRespMsgType(MessageType.MsgPreVote)).isEqualTo(MessageType.MsgPreVoteResp);
		assertThatIllegalArgumentException().isThrownBy(() -> Messages.voteRespMsgType(MessageType.MsgApp))
			.withMessage("not a vote message: MsgApp");
		assertThat(Messages.isLocalMsgTarget(RaftConstants.LOCAL_APPEND_THREAD)).isTrue();
		assertThat(Messages.isLocalMsgTarget(RaftConstants.LOCAL_APPLY_THREAD)).isTrue();
		assertThat(Messages.isLocalMsgTarget(1)).isFalse();
	}

	private static byte[] bytes(int... values) {
		byte[] b = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			b[i] = (byte) values[i];
		}
		return b;
	}

}
