package org.raftboot.raft.pb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Bytes laid out by hand from etcd's raftpb field numbers and wire types (as etcd encodes them:
 * fields in number order, repeated scalars unpacked) decode field by field, and encoding the decoded
 * message gives back the same bytes.
 */
class EtcdWireCompatibilityTests {

	private static final int VARINT = 0;

	private static final int LENGTH_DELIMITED = 2;

	/** Builds protobuf bytes one field at a time. */
	private static final class Wire {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Wire varint(int field, long value) {
			tag(field, VARINT);
			raw(value);
			return this;
		}

		Wire bytes(int field, byte[] value) {
			tag(field, LENGTH_DELIMITED);
			raw(value.length);
			this.out.writeBytes(value);
			return this;
		}

		Wire message(int field, Wire nested) {
			return bytes(field, nested.toByteArray());
		}

		private void tag(int field, int wireType) {
			raw(((long) field << 3) | wireType);
		}

		/** Base-128 varint, least significant group first, of the unsigned value. */
		private void raw(long value) {
			long v = value;
			while ((v & ~0x7FL) != 0) {
				this.out.write((int) ((v & 0x7F) | 0x80));
				v >>>= 7;
			}
			this.out.write((int) v);
		}

		byte[] toByteArray() {
			return this.out.toByteArray();
		}

	}

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Every enum value and every field of etcd's raftpb, with its number, label and type, in
	 * declaration order (fields by number): the schema, not only the bytes of some messages.
	 */
	@Test
	void theSchemaHasEtcdsEnumValuesAndFieldNumbers() {
		String expected = """
				enum EntryType: EntryNormal=0 EntryConfChange=1 EntryConfChangeV2=2
				enum MessageType: MsgHup=0 MsgBeat=1 MsgProp=2 MsgApp=3 MsgAppResp=4 MsgVote=5 MsgVoteResp=6 MsgSnap=7 \
				MsgHeartbeat=8 MsgHeartbeatResp=9 MsgUnreachable=10 MsgSnapStatus=11 MsgCheckQuorum=12 MsgTransferLeader=13 \
				MsgTimeoutNow=14 MsgReadIndex=15 MsgReadIndexResp=16 MsgPreVote=17 MsgPreVoteResp=18 MsgStorageAppend=19 \
				MsgStorageAppendResp=20 MsgStorageApply=21 MsgStorageApplyResp=22 MsgForgetLeader=23
				enum ConfChangeTransition: ConfChangeTransitionAuto=0 ConfChangeTransitionJointImplicit=1 \
				ConfChangeTransitionJointExplicit=2
				enum ConfChangeType: ConfChangeAddNode=0 ConfChangeRemoveNode=1 ConfChangeUpdateNode=2 ConfChangeAddLearnerNode=3
				message Entry: Type=1:optional:EntryType Term=2:optional:uint64 Index=3:optional:uint64 Data=4:optional:bytes
				message SnapshotMetadata: conf_state=1:optional:ConfState index=2:optional:uint64 term=3:optional:uint64
				message Snapshot: data=1:optional:bytes metadata=2:optional:SnapshotMetadata
				message Message: type=1:optional:MessageType to=2:optional:uint64 from=3:optional:uint64 \
				term=4:optional:uint64 logTerm=5:optional:uint64 index=6:optional:uint64 entries=7:repeated:Entry \
				commit=8:optional:uint64 snapshot=9:optional:Snapshot reject=10:optional:bool rejectHint=11:optional:uint64 \
				context=12:optional:bytes vote=13:optional:uint64 responses=14:repeated:Message
				message HardState: term=1:optional:uint64 vote=2:optional:uint64 commit=3:optional:uint64
				message ConfState: voters=1:repeated:uint64 learners=2:repeated:uint64 voters_outgoing=3:repeated:uint64 \
				learners_next=4:repeated:uint64 auto_leave=5:optional:bool
				message ConfChange: id=1:optional:uint64 type=2:optional:ConfChangeType node_id=3:optional:uint64 \
				context=4:optional:bytes
				message ConfChangeSingle: type=1:optional:ConfChangeType node_id=2:optional:uint64
				message ConfChangeV2: transition=1:optional:ConfChangeTransition changes=2:repeated:ConfChangeSingle \
				context=3:optional:bytes
				""";
		StringBuilder actual = new StringBuilder();
		for (EnumDescriptor e : RaftProtos.getDescriptor().getEnumTypes()) {
			actual.append("enum ").append(e.getName()).append(':');
			e.getValues().forEach((v) -> actual.append(' ').append(v.getName()).append('=').append(v.getNumber()));
			actual.append('\n');
		}
		for (Descriptor m : RaftProtos.getDescriptor().getMessageTypes()) {
			actual.append("message ").append(m.getName()).append(':');
			m.getFields()
				.stream()
				.sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
				.forEach((f) -> actual.append(' ').append(f.getName()).append('=').append(f.getNumber())
					.append(f.isRepeated() ? ":repeated:" : ":optional:").append(typeName(f)));
			actual.append('\n');
		}
		assertThat(actual).hasToString(expected);
		assertThat(RaftProtos.getDescriptor().getPackage()).isEqualTo("raftpb");
		assertThat(RaftProtos.getDescriptor().toProto().getSyntax()).isIn("", "proto2");
	}

	private static String typeName(FieldDescriptor f) {
		return switch (f.getJavaType()) {
			case MESSAGE -> f.getMessageType().getName();
			case ENUM -> f.getEnumType().getName();
			default -> f.getType().name().toLowerCase(Locale.ROOT);
		};
	}

	@Test
	void anAppendMessageEncodedByEtcdDecodesFieldByField() throws Exception {
		Wire first = new Wire().varint(1, 0).varint(2, 4).varint(3, 11).bytes(4, utf8("hello"));
		Wire second = new Wire().varint(1, 2).varint(2, 5).varint(3, 300).bytes(4, new byte[] { 1, 2, 3 });
		byte[] etcd = new Wire().varint(1, 3) // type MsgApp
			.varint(2, 2) // to
			.varint(3, 1) // from
			.varint(4, 5) // term
			.varint(5, 4) // logTerm
			.varint(6, 10) // index
			.message(7, first)
			.message(7, second)
			.varint(8, 9) // commit
			.toByteArray();
		assertThat(etcd).startsWith(0x08, 0x03, 0x10, 0x02, 0x18, 0x01, 0x20, 0x05, 0x28, 0x04, 0x30, 0x0A, 0x3A, 13, 0x08, 0x00);

		Message m = Message.parseFrom(etcd);
		assertThat(m.getType()).isEqualTo(MessageType.MsgApp);
		assertThat(m.getTo()).isEqualTo(2);
		assertThat(m.getFrom()).isEqualTo(1);
		assertThat(m.getTerm()).isEqualTo(5);
		assertThat(m.getLogTerm()).isEqualTo(4);
		assertThat(m.getIndex()).isEqualTo(10);
		assertThat(m.getCommit()).isEqualTo(9);
		assertThat(m.getEntriesCount()).isEqualTo(2);
		Entry e1 = m.getEntries(0);
		assertThat(e1.getType()).isEqualTo(EntryType.EntryNormal);
		assertThat(e1.hasType()).isTrue();
		assertThat(e1.getTerm()).isEqualTo(4);
		assertThat(e1.getIndex()).isEqualTo(11);
		assertThat(e1.getData().toStringUtf8()).isEqualTo("hello");
		Entry e2 = m.getEntries(1);
		assertThat(e2.getType()).isEqualTo(EntryType.EntryConfChangeV2);
		assertThat(e2.getTerm()).isEqualTo(5);
		assertThat(e2.getIndex()).isEqualTo(300);
		assertThat(e2.getData().toByteArray()).containsExactly(1, 2, 3);
		assertThat(m.hasVote()).isFalse();
		assertThat(m.hasSnapshot()).isFalse();
		assertThat(m.hasReject()).isFalse();
		assertThat(m.getResponsesCount()).isZero();
		assertThat(m.getUnknownFields().asMap()).isEmpty();

		Message ours = Message.newBuilder()
			.setType(MessageType.MsgApp)
			.setTo(2)
			.setFrom(1)
			.setTerm(5)
			.setLogTerm(4)
			.setIndex(10)
			.addEntries(Entry.newBuilder().setType(EntryType.EntryNormal).setTerm(4).setIndex(11)
				.setData(ByteString.copyFromUtf8("hello")))
			.addEntries(Entry.newBuilder().setType(EntryType.EntryConfChangeV2).setTerm(5).setIndex(300)
				.setData(ByteString.copyFrom(new byte[] { 1, 2, 3 })))
			.setCommit(9)
			.build();
		assertThat(ours.toByteArray()).isEqualTo(etcd);
		assertThat(m).isEqualTo(ours);
	}

	@Test
	void aStorageAppendWithLocalThreadIdsAndNestedResponsesRoundTripsEtcdsBytes() throws Exception {
		long appendThread = -1L;
		Wire response = new Wire().varint(1, 20) // MsgStorageAppendResp
			.varint(2, 1)
			.varint(3, appendThread)
			.varint(5, 7)
			.varint(6, 12);
		byte[] all = new Wire().varint(1, 19) // MsgStorageAppend
			.varint(2, appendThread)
			.varint(3, 1)
			.varint(4, 7) // term
			.varint(8, 12) // commit
			.varint(13, 2) // vote
			.message(14, response)
			.toByteArray();
		// 2^64-1 takes ten varint bytes.
		assertThat(all).containsSubsequence(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);

		Message m = Message.parseFrom(all);
		assertThat(m.getType()).isEqualTo(MessageType.MsgStorageAppend);
		assertThat(m.getTo()).isEqualTo(appendThread);
		assertThat(Long.toUnsignedString(m.getTo())).isEqualTo("18446744073709551615");
		assertThat(m.getFrom()).isEqualTo(1);
		assertThat(m.getTerm()).isEqualTo(7);
		assertThat(m.getCommit()).isEqualTo(12);
		assertThat(m.getVote()).isEqualTo(2);
		Message r = m.getResponses(0);
		assertThat(r.getType()).isEqualTo(MessageType.MsgStorageAppendResp);
		assertThat(r.getTo()).isEqualTo(1);
		assertThat(r.getFrom()).isEqualTo(appendThread);
		assertThat(r.getLogTerm()).isEqualTo(7);
		assertThat(r.getIndex()).isEqualTo(12);
		assertThat(m.toByteArray()).isEqualTo(all);
	}

	@Test
	void aConfStateWithUnpackedRepeatedIdsDecodesAndEncodesTheSame() throws Exception {
		byte[] etcd = new Wire().varint(1, 1)
			.varint(1, 2)
			.varint(1, 3)
			.varint(2, 4)
			.varint(3, 1)
			.varint(3, 2)
			.varint(4, 3)
			.varint(5, 1)
			.toByteArray();
		assertThat(etcd).containsExactly(0x08, 1, 0x08, 2, 0x08, 3, 0x10, 4, 0x18, 1, 0x18, 2, 0x20, 3, 0x28, 1);
		ConfState cs = ConfState.parseFrom(etcd);
		assertThat(cs.getVotersList()).containsExactly(1L, 2L, 3L);
		assertThat(cs.getLearnersList()).containsExactly(4L);
		assertThat(cs.getVotersOutgoingList()).containsExactly(1L, 2L);
		assertThat(cs.getLearnersNextList()).containsExactly(3L);
		assertThat(cs.getAutoLeave()).isTrue();
		assertThat(cs.toByteArray()).isEqualTo(etcd);

		byte[] packed = new Wire().bytes(1, new byte[] { 1, 2, 3 }).toByteArray();
		assertThat(ConfState.parseFrom(packed).getVotersList()).containsExactly(1L, 2L, 3L);
	}

	@Test
	void confChangesAndHardStatesUseEtcdsFieldNumbers() throws Exception {
		byte[] v1 = new Wire().varint(1, 9).varint(2, 3).varint(3, 4).bytes(4, utf8("c")).toByteArray();
		ConfChange cc = ConfChange.parseFrom(v1);
		assertThat(cc.getId()).isEqualTo(9);
		assertThat(cc.getType()).isEqualTo(ConfChangeType.ConfChangeAddLearnerNode);
		assertThat(cc.getNodeId()).isEqualTo(4);
		assertThat(cc.getContext().toStringUtf8()).isEqualTo("c");
		assertThat(cc.toByteArray()).isEqualTo(v1);

		byte[] v2 = new Wire().varint(1, 2)
			.message(2, new Wire().varint(1, 1).varint(2, 5))
			.message(2, new Wire().varint(1, 0).varint(2, 6))
			.bytes(3, utf8("x"))
			.toByteArray();
		ConfChangeV2 ccv2 = ConfChangeV2.parseFrom(v2);
		assertThat(ccv2.getTransition()).isEqualTo(ConfChangeTransition.ConfChangeTransitionJointExplicit);
		assertThat(ccv2.getChangesList()).extracting(ConfChangeSingle::getType, ConfChangeSingle::getNodeId)
			.containsExactly(tuple(ConfChangeType.ConfChangeRemoveNode, 5L),
					tuple(ConfChangeType.ConfChangeAddNode, 6L));
		assertThat(ccv2.getContext().toStringUtf8()).isEqualTo("x");
		assertThat(ccv2.toByteArray()).isEqualTo(v2);

		byte[] hs = new Wire().varint(1, 5).varint(2, 3).varint(3, 17).toByteArray();
		HardState hardState = HardState.parseFrom(hs);
		assertThat(hardState.getTerm()).isEqualTo(5);
		assertThat(hardState.getVote()).isEqualTo(3);
		assertThat(hardState.getCommit()).isEqualTo(17);
		assertThat(hardState.toByteArray()).isEqualTo(hs);

		byte[] snap = new Wire().bytes(1, utf8("data"))
			.message(2, new Wire().message(1, new Wire().varint(1, 1)).varint(2, 50).varint(3, 4))
			.toByteArray();
		Snapshot snapshot = Snapshot.parseFrom(snap);
		assertThat(snapshot.getData().toStringUtf8()).isEqualTo("data");
		assertThat(snapshot.getMetadata().getIndex()).isEqualTo(50);
		assertThat(snapshot.getMetadata().getTerm()).isEqualTo(4);
		assertThat(snapshot.getMetadata().getConfState().getVotersList()).containsExactly(1L);
		assertThat(snapshot.toByteArray()).isEqualTo(snap);
	}

}
