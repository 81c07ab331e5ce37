package org.raftboot.raft;

import java.util.List;
import java.util.OptionalInt;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.confchange.ConfChanges;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.raft.pb.UnknownEnums;

/**
 * Human-readable one-line forms of raft's data, exactly as etcd prints them: etcd's conformance
 * transcripts are made of these lines, and operators reading logs of either implementation see
 * the same text.
 */
public final class Describe {

	/** What Go's protobuf runtime reports for undecodable bytes. */
	private static final String INVALID_WIRE_FORMAT = "proto: cannot parse invalid wire-format data";

	private Describe() {
	}

	public static String describeHardState(HardState hs) {
		StringBuilder buf = new StringBuilder();
		buf.append("Term:").append(hs.getTerm());
		if (hs.getVote() != 0) {
			buf.append(" Vote:").append(Long.toUnsignedString(hs.getVote()));
		}
		buf.append(" Commit:").append(hs.getCommit());
		return buf.toString();
	}

	public static String describeSoftState(SoftState ss) {
		return "Lead:" + Long.toUnsignedString(ss.lead()) + " State:" + ss.raftState();
	}

	/**
	 * The whole Ready, one part per line (only the parts it carries), or {@code <empty Ready>}
	 * without a newline when it carries nothing.
	 */
	public static String describeReady(Ready rd, @Nullable EntryFormatter f) {
		StringBuilder buf = new StringBuilder();
		SoftState ss = rd.softState();
		if (ss != null) {
			buf.append(describeSoftState(ss)).append('\n');
		}
		if (!RawNode.isEmptyHardState(rd.hardState())) {
			buf.append("HardState ").append(describeHardState(rd.hardState())).append('\n');
		}
		if (!rd.readStates().isEmpty()) {
			buf.append("ReadStates ").append(goReadStates(rd.readStates())).append('\n');
		}
		if (!rd.entries().isEmpty()) {
			buf.append("Entries:\n").append(describeEntries(rd.entries(), f));
		}
		if (!RawNode.isEmptySnap(rd.snapshot())) {
			buf.append("Snapshot ").append(describeSnapshot(rd.snapshot())).append('\n');
		}
		if (!rd.committedEntries().isEmpty()) {
			buf.append("CommittedEntries:\n").append(describeEntries(rd.committedEntries(), f));
		}
		if (!rd.messages().isEmpty()) {
			buf.append("Messages:\n");
			for (Message m : rd.messages()) {
				buf.append(describeMessage(m, f)).append('\n');
			}
		}
		if (buf.isEmpty()) {
			return "<empty Ready>";
		}
		return "Ready MustSync=" + rd.mustSync() + ":\n" + buf;
	}

	/** Go's {@code %v} of a {@code []ReadState}: {@code [{5 [1 2]} {6 []}]}. */
	private static String goReadStates(List<ReadState> states) {
		StringBuilder buf = new StringBuilder("[");
		for (int i = 0; i < states.size(); i++) {
			ReadState rs = states.get(i);
			buf.append((i > 0) ? " {" : "{").append(Long.toUnsignedString(rs.index())).append(" [");
			byte[] ctx = rs.requestCtx();
			for (int k = 0; k < ctx.length; k++) {
				buf.append((k > 0) ? " " : "").append(ctx[k] & 0xff);
			}
			buf.append("]}");
		}
		return buf.append(']').toString();
	}

	public static String describeConfState(ConfState state) {
		return "Voters:" + goSlice(state.getVotersList()) + " VotersOutgoing:" + goSlice(state.getVotersOutgoingList())
				+ " Learners:" + goSlice(state.getLearnersList()) + " LearnersNext:"
				+ goSlice(state.getLearnersNextList()) + " AutoLeave:" + state.getAutoLeave();
	}

	public static String describeSnapshot(Snapshot snap) {
		SnapshotMetadata m = snap.getMetadata();
		return "Index:" + m.getIndex() + " Term:" + m.getTerm() + " ConfState:" + describeConfState(m.getConfState());
	}

	public static String describeMessage(Message m, @Nullable EntryFormatter f) {
		StringBuilder buf = new StringBuilder();
		describeMessage(buf, "", m, f);
		return buf.toString();
	}

	private static void describeMessage(StringBuilder buf, String indent, Message m, @Nullable EntryFormatter f) {
		buf.append(indent)
			.append(describeTarget(m.getFrom()))
			.append("->")
			.append(describeTarget(m.getTo()))
			.append(' ')
			.append(UnknownEnums.typeName(m))
			.append(" Term:")
			.append(m.getTerm())
			.append(" Log:")
			.append(m.getLogTerm())
			.append('/')
			.append(m.getIndex());
		if (m.getReject()) {
			buf.append(" Rejected (Hint: ").append(m.getRejectHint()).append(')');
		}
		if (m.getCommit() != 0) {
			buf.append(" Commit:").append(m.getCommit());
		}
		if (m.getVote() != 0) {
			buf.append(" Vote:").append(Long.toUnsignedString(m.getVote()));
		}
		List<Entry> ents = m.getEntriesList();
		if (ents.size() == 1) {
			buf.append(" Entries:[").append(describeEntry(ents.get(0), f)).append(']');
		}
		else if (ents.size() > 1) {
			buf.append(" Entries:[");
			for (Entry e : ents) {
				buf.append('\n').append(indent).append("  ").append(describeEntry(e, f));
			}
			buf.append('\n').append(indent).append(']');
		}
		if (m.hasSnapshot() && m.getSnapshot().getMetadata().getIndex() != 0) {
			buf.append('\n').append(indent).append("  Snapshot: ").append(describeSnapshot(m.getSnapshot()));
		}
		if (m.getResponsesCount() > 0) {
			buf.append(" Responses:[");
			for (Message r : m.getResponsesList()) {
				buf.append('\n');
				describeMessage(buf, indent + "  ", r, f);
			}
			buf.append('\n').append(indent).append(']');
		}
	}

	private static String describeTarget(long id) {
		if (id == RaftConstants.NONE) {
			return "None";
		}
		if (id == RaftConstants.LOCAL_APPEND_THREAD) {
			return "AppendThread";
		}
		if (id == RaftConstants.LOCAL_APPLY_THREAD) {
			return "ApplyThread";
		}
		return Long.toHexString(id);
	}

	public static String describeEntry(Entry e, @Nullable EntryFormatter f) {
		String formatted = switch (e.getType()) {
			case EntryNormal -> (f != null) ? f.format(e.getData()) : GoQuote.quote(e.getData().toByteArray());
			case EntryConfChange -> {
				try {
					yield ConfChanges.toString(ConfChanges.asV2(ConfChange.parseFrom(e.getData())).getChangesList());
				}
				catch (InvalidProtocolBufferException ex) {
					yield INVALID_WIRE_FORMAT;
				}
			}
			case EntryConfChangeV2 -> {
				try {
					yield ConfChanges.toString(ConfChangeV2.parseFrom(e.getData()).getChangesList());
				}
				catch (InvalidProtocolBufferException ex) {
					yield INVALID_WIRE_FORMAT;
				}
			}
		};
		return e.getTerm() + "/" + e.getIndex() + " " + e.getType() + (formatted.isEmpty() ? "" : " " + formatted);
	}

	public static String describeEntries(List<Entry> ents, @Nullable EntryFormatter f) {
		StringBuilder buf = new StringBuilder();
		for (Entry e : ents) {
			buf.append(describeEntry(e, f)).append('\n');
		}
		return buf.toString();
	}

	/** Describes a {@link ConfChange} or {@link ConfChangeV2} (a V1 change is shown as its V2 form). */
	public static String describeConfChange(MessageLite cc) {
		ConfChangeV2 cv2 = (cc instanceof ConfChange v1) ? ConfChanges.asV2(v1) : (ConfChangeV2) cc;
		StringBuilder buf = new StringBuilder();
		// An enum value this version does not know prints as its number, as in Go.
		OptionalInt transition = ConfChanges.unknownTransition(cv2);
		buf.append("transition:").append(transition.isPresent() ? transition.getAsInt() : cv2.getTransition());
		for (ConfChangeSingle c : cv2.getChangesList()) {
			OptionalInt type = ConfChanges.unknownType(c);
			buf.append(" changes:{type:").append(type.isPresent() ? type.getAsInt() : c.getType()).append(" node_id:")
				.append(Long.toUnsignedString(c.getNodeId())).append('}');
		}
		if (!cv2.getContext().isEmpty()) {
			buf.append(" context:").append(GoQuote.quote(cv2.getContext().toByteArray()));
		}
		return buf.toString();
	}

	/** Go's {@code %v} of a {@code []uint64}: {@code [1 2 3]}. */
	private static String goSlice(List<Long> values) {
		StringBuilder buf = new StringBuilder("[");
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				buf.append(' ');
			}
			buf.append(Long.toUnsignedString(values.get(i)));
		}
		return buf.append(']').toString();
	}

}
