package org.raftboot.raft.pb;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every message of raftpb survives encoding and decoding, with field presence intact. */
class RaftProtosRoundTripTests {

	private static final long APPEND_THREAD = -1L;

	static ConfState confState() {
		return ConfState.newBuilder()
			.addAllVoters(List.of(1L, 2L, 3L))
			.addLearners(4)
			.addAllVotersOutgoing(List.of(1L, 2L, 5L))
			.addLearnersNext(5)
			.setAutoLeave(true)
			.build();
	}

	static Entry entry(long term, long index, String data) {
		return Entry.newBuilder().setTerm(term).setIndex(index).setData(ByteString.copyFromUtf8(data)).build();
	}

	static Snapshot snapshot() {
		return Snapshot.newBuilder()
			.setData(ByteString.copyFromUtf8("state machine"))
			.setMetadata(SnapshotMetadata.newBuilder().setConfState(confState()).setIndex(100).setTerm(7))
			.build();
	}

	/** One fully populated instance of every message type, plus sparse ones to check presence. */
	static Stream<Message> messages() {
		ConfChange v1 = ConfChange.newBuilder()
			.setId(42)
			.setType(ConfChangeType.ConfChangeAddLearnerNode)
			.setNodeId(-2L)
			.setContext(ByteString.copyFromUtf8("ctx"))
			.build();
		ConfChangeV2 v2 = ConfChangeV2.newBuilder()
			.setTransition(ConfChangeTransition.ConfChangeTransitionJointExplicit)
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeRemoveNode).setNodeId(3))
			.addChanges(ConfChangeSingle.newBuilder().setType(ConfChangeType.ConfChangeUpdateNode).setNodeId(4))
			.setContext(ByteString.copyFromUtf8("v2"))
			.build();
		org.raftboot.raft.pb.Message response = org.raftboot.raft.pb.Message.newBuilder()
			.setType(MessageType.MsgStorageAppendResp)
			.setTo(1)
			.setFrom(APPEND_THREAD)
			.setIndex(12)
			.setLogTerm(3)
			.build();
		org.raftboot.raft.pb.Message full = org.raftboot.raft.pb.Message.newBuilder()
			.setType(MessageType.MsgStorageAppend)
			.setTo(APPEND_THREAD)
			.setFrom(1)
			.setTerm(3)
			.setLogTerm(2)
			.setIndex(10)
			.addEntries(entry(3, 11, "a"))
			.addEntries(Entry.newBuilder(entry(3, 12, "")).setType(EntryType.EntryConfChangeV2).setData(v2.toByteString()))
			.setCommit(9)
			.setVote(2)
			.setSnapshot(snapshot())
			.setReject(true)
			.setRejectHint(8)
			.setContext(ByteString.copyFromUtf8("read index"))
			.addResponses(response)
			.build();
		return Stream.of(entry(1, 2, "x"), Entry.newBuilder().setTerm(5).build(), snapshot().getMetadata(), snapshot(),
				full, response, HardState.newBuilder().setTerm(3).setVote(2).setCommit(-5L).build(),
				HardState.getDefaultInstance(), confState(), v1, v1.toBuilder().clearContext().build(),
				v2.getChanges(0), v2, ConfChangeV2.getDefaultInstance());
	}

	static Stream<Named<Message>> namedMessages() {
		return messages().map((m) -> Named.of(m.getDescriptorForType().getName() + " " + TextFormat.printer().emittingSingleLine(true).printToString(m), m));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("namedMessages")
	void aMessageDecodesToWhatWasEncoded(Message message) throws Exception {
		byte[] bytes = message.toByteArray();
		Message decoded = message.getParserForType().parseFrom(bytes);
		assertThat(decoded).isEqualTo(message);
		assertThat(decoded.getAllFields()).isEqualTo(message.getAllFields());
		assertThat(decoded.toByteArray()).isEqualTo(bytes);
	}

	@Test
	void theRoundTripsCoverEveryMessageOfRaftpb() {
		List<String> declared = RaftProtos.getDescriptor().getMessageTypes().stream().map(Descriptor::getName).toList();
		assertThat(messages().map((m) -> m.getDescriptorForType().getName()).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(declared);
		assertThat(declared).containsExactlyInAnyOrder("Entry", "SnapshotMetadata", "Snapshot", "Message", "HardState",
				"ConfState", "ConfChange", "ConfChangeSingle", "ConfChangeV2");
	}

	@Test
	void unsetFieldsStayUnsetAndCostNoBytes() throws Exception {
		Entry sparse = Entry.parseFrom(Entry.newBuilder().setTerm(5).build().toByteArray());
		assertThat(sparse.hasTerm()).isTrue();
		assertThat(sparse.hasType()).isFalse();
		assertThat(sparse.hasIndex()).isFalse();
		assertThat(sparse.hasData()).isFalse();
		assertThat(sparse.getSerializedSize()).isEqualTo(2);
		Entry typed = Entry.newBuilder().setTerm(5).setType(EntryType.EntryNormal).build();
		assertThat(typed.getSerializedSize()).isEqualTo(4);
	}

}
