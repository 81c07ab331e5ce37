package org.raftboot.raft.confchange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import com.google.protobuf.UnknownFieldSet;
import org.raftboot.raft.pb.ConfChange;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeTransition;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfChangeV2;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.UnknownEnums;

/**
 * Helpers over the generated conf-change messages (etcd's methods on {@code raftpb} types): the
 * V1-to-V2 conversion, what a V2 change asks for, ConfState equivalence, and the compact text form
 * {@code v1 l2 r3 u4} used by tests and log descriptions.
 */
public final class ConfChanges {

	private ConfChanges() {
	}

	/**
	 * Parses space-separated tokens {@code v<id>} (add voter), {@code l<id>} (add learner),
	 * {@code r<id>} (remove) and {@code u<id>} (update), ids in decimal; blank input gives no changes.
	 * @throws IllegalArgumentException with etcd's error text on a malformed token
	 */
	public static List<ConfChangeSingle> fromString(String s) {
		String trimmed = s.strip();
		if (trimmed.isEmpty()) {
			return List.of();
		}
		List<ConfChangeSingle> ccs = new ArrayList<>();
		for (String tok : trimmed.split(" ", -1)) {
			if (tok.length() < 2) {
				throw new IllegalArgumentException("unknown token " + tok);
			}
			ConfChangeType type = switch (tok.charAt(0)) {
				case 'v' -> ConfChangeType.ConfChangeAddNode;
				case 'l' -> ConfChangeType.ConfChangeAddLearnerNode;
				case 'r' -> ConfChangeType.ConfChangeRemoveNode;
				case 'u' -> ConfChangeType.ConfChangeUpdateNode;
				default -> throw new IllegalArgumentException("unknown input: " + tok);
			};
			ccs.add(ConfChangeSingle.newBuilder().setType(type).setNodeId(parseId(tok.substring(1))).build());
		}
		return ccs;
	}

	/** Parses an unsigned decimal id with the strictness and error texts of Go's ParseUint. */
	private static long parseId(String digits) {
		if (!digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + digits + "\": invalid syntax");
		}
		try {
			return Long.parseUnsignedLong(digits);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + digits + "\": value out of range");
		}
	}

	/** The inverse of {@link #fromString}: e.g. {@code v1 l2 r3}. */
	public static String toString(List<ConfChangeSingle> ccs) {
		StringBuilder buf = new StringBuilder();
		for (ConfChangeSingle cc : ccs) {
			if (buf.length() > 0) {
				buf.append(' ');
			}
			buf.append(unknownType(cc).isPresent() ? "unknown" : switch (cc.getType()) {
				case ConfChangeAddNode -> "v";
				case ConfChangeAddLearnerNode -> "l";
				case ConfChangeRemoveNode -> "r";
				case ConfChangeUpdateNode -> "u";
			});
			buf.append(Long.toUnsignedString(cc.getNodeId()));
		}
		return buf.toString();
	}

	/**
	 * The V1 change as a V2 change with a single change and the same context. A change type this
	 * version does not know is carried over as it came, so that applying it fails as in etcd.
	 */
	public static ConfChangeV2 asV2(ConfChange cc) {
		ConfChangeSingle.Builder single = ConfChangeSingle.newBuilder().setNodeId(cc.getNodeId());
		OptionalInt unknown = UnknownEnums.number(cc, ConfChange.TYPE_FIELD_NUMBER);
		if (unknown.isPresent()) {
			single.setUnknownFields(UnknownFieldSet.newBuilder()
				.addField(ConfChangeSingle.TYPE_FIELD_NUMBER,
						UnknownFieldSet.Field.newBuilder().addVarint(unknown.getAsInt()).build())
				.build());
		}
		else {
			single.setType(cc.getType());
		}
		ConfChangeV2.Builder v2 = ConfChangeV2.newBuilder().addChanges(single);
		if (cc.hasContext()) {
			v2.setContext(cc.getContext());
		}
		return v2.build();
	}

	/**
	 * Whether the change must go through a joint configuration: a transition other than auto
	 * (including one this version does not know), or more than one change.
	 */
	public static boolean entersJoint(ConfChangeV2 cc) {
		return cc.getTransition() != ConfChangeTransition.ConfChangeTransitionAuto
				|| unknownTransition(cc).isPresent() || cc.getChangesCount() > 1;
	}

	/**
	 * Whether the joint configuration this change enters is left automatically; false when the
	 * change does not enter a joint configuration.
	 * @throws ConfChangeException for a transition this version does not know (etcd panics): the
	 * change is refused like any other invalid one
	 */
	public static boolean autoLeave(ConfChangeV2 cc) {
		OptionalInt unknown = unknownTransition(cc);
		if (unknown.isPresent()) {
			throw new ConfChangeException("unknown transition: " + unknown.getAsInt());
		}
		return entersJoint(cc) && cc.getTransition() != ConfChangeTransition.ConfChangeTransitionJointExplicit;
	}

	/** Whether this is the empty change that leaves a joint configuration. */
	public static boolean leavesJoint(ConfChangeV2 cc) {
		return cc.getTransition() == ConfChangeTransition.ConfChangeTransitionAuto && unknownTransition(cc).isEmpty()
				&& cc.getChangesCount() == 0;
	}

	/** The number of a change type that this version does not know, if the change carries one. */
	public static OptionalInt unknownType(ConfChangeSingle cc) {
		return UnknownEnums.number(cc, ConfChangeSingle.TYPE_FIELD_NUMBER);
	}

	/** The number of a transition that this version does not know, if the change carries one. */
	public static OptionalInt unknownTransition(ConfChangeV2 cc) {
		return UnknownEnums.number(cc, ConfChangeV2.TRANSITION_FIELD_NUMBER);
	}

	/**
	 * Whether the two describe the same configuration: the same ids in each list, in any order, and
	 * the same auto-leave flag (unset meaning false).
	 */
	public static boolean equivalent(ConfState a, ConfState b) {
		return sameIds(a.getVotersList(), b.getVotersList())
				&& sameIds(a.getVotersOutgoingList(), b.getVotersOutgoingList())
				&& sameIds(a.getLearnersList(), b.getLearnersList())
				&& sameIds(a.getLearnersNextList(), b.getLearnersNextList())
				&& a.getAutoLeave() == b.getAutoLeave();
	}

	private static boolean sameIds(List<Long> a, List<Long> b) {
		return Arrays.equals(sorted(a), sorted(b));
	}

	private static long[] sorted(List<Long> ids) {
		return ids.stream().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
	}

}
