package org.raftboot.raft.quorum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.raftboot.raft.datadriven.CmdArg;
import org.raftboot.raft.datadriven.TestCase;

/**
 * The handler of etcd's quorum vectors ({@code committed} and {@code vote}). Besides the result it
 * cross-checks the computation (against the naive one, against joint configurations that must be
 * equivalent, and against lowered acknowledgements) and prints any disagreement, as etcd's driver
 * does: the vectors expect none.
 */
final class QuorumDriver {

	private static final long NO_VOTE = 0;

	private static final long VOTE_NO = 1;

	private static final long VOTE_YES = 2;

	String handle(TestCase tc) {
		boolean joint = false;
		List<Long> ids = new ArrayList<>();
		List<Long> idsj = new ArrayList<>();
		List<Long> idxs = new ArrayList<>();
		List<Long> votes = new ArrayList<>();
		for (CmdArg arg : tc.args()) {
			for (String val : arg.vals()) {
				switch (arg.key()) {
					case "cfg" -> ids.add(Long.parseUnsignedLong(val));
					case "cfgj" -> {
						joint = true;
						if (val.equals("zero")) {
							if (arg.vals().size() != 1) {
								throw new IllegalArgumentException(tc.where() + ": cannot mix 'zero' into configuration");
							}
						}
						else {
							idsj.add(Long.parseUnsignedLong(val));
						}
					}
					case "idx" -> idxs.add(parseIndex(tc, val));
					case "votes" -> votes.add(parseVote(tc, val));
					default -> throw new IllegalArgumentException(tc.where() + ": unknown arg " + arg.key());
				}
			}
		}
		MajorityConfig c = majority(ids);
		MajorityConfig cj = majority(idsj);
		List<Long> input = tc.cmd().equals("vote") ? votes : idxs;
		SortedSet<Long> voters = new JointConfig(c, cj).ids();
		if (voters.size() != input.size()) {
			return "error: mismatched input (explicit or _) for voters " + goSet(voters) + ": " + goIndexes(input);
		}
		return switch (tc.cmd()) {
			case "committed" -> joint ? committedJoint(c, cj, lookuper(idxs, ids, idsj))
					: committedMajority(c, lookuper(idxs, ids, idsj));
			case "vote" -> vote(joint, c, cj, lookuper(votes, ids, idsj));
			default -> throw new IllegalArgumentException(tc.where() + ": unknown command: " + tc.cmd());
		};
	}

	private static String committedMajority(MajorityConfig c, Map<Long, Long> acked) {
		AckedIndexer l = indexer(acked);
		long idx = c.committedIndex(l);
		StringBuilder buf = new StringBuilder(c.describe(l));
		long alternative = AlternativeCommittedIndex.of(c, l);
		if (alternative != idx) {
			buf.append(Quorum.indexToString(alternative)).append(" <-- via alternative computation\n");
		}
		long zeroJoint = new JointConfig(c, new MajorityConfig()).committedIndex(l);
		if (zeroJoint != idx) {
			buf.append(Quorum.indexToString(zeroJoint)).append(" <-- via zero-joint quorum\n");
		}
		long selfJoint = new JointConfig(c, c).committedIndex(l);
		if (selfJoint != idx) {
			buf.append(Quorum.indexToString(selfJoint)).append(" <-- via self-joint quorum\n");
		}
		for (long id : c) {
			long iidx = l.ackedIndex(id);
			if (iidx == AckedIndexer.UNKNOWN) {
				iidx = 0;
			}
			if (Long.compareUnsigned(idx, iidx) > 0 && iidx != 0) {
				// The committed index was above this voter's: lowering it further must not matter.
				long lowered = c.committedIndex(overlay(c, l, id, iidx - 1));
				if (lowered != idx) {
					buf.append(String.format("%s <-- overlaying %s->%s", Quorum.indexToString(lowered),
							Long.toUnsignedString(id), Long.toUnsignedString(iidx)));
				}
				long zeroed = c.committedIndex(overlay(c, l, id, 0));
				if (zeroed != idx) {
					buf.append(String.format("%s <-- overlaying %s->0", Quorum.indexToString(zeroed), Long.toUnsignedString(id)));
				}
			}
		}
		return buf.append(Quorum.indexToString(idx)).append('\n').toString();
	}

	private static String committedJoint(MajorityConfig c, MajorityConfig cj, Map<Long, Long> acked) {
		AckedIndexer l = indexer(acked);
		JointConfig cc = new JointConfig(c, cj);
		StringBuilder buf = new StringBuilder(cc.describe(l));
		long idx = cc.committedIndex(l);
		long swapped = new JointConfig(cj, c).committedIndex(l);
		if (swapped != idx) {
			buf.append(Quorum.indexToString(swapped)).append(" <-- via symmetry\n");
		}
		return buf.append(Quorum.indexToString(idx)).append('\n').toString();
	}

	private static String vote(boolean joint, MajorityConfig c, MajorityConfig cj, Map<Long, Long> cast) {
		Map<Long, Boolean> votes = new TreeMap<>(Long::compareUnsigned);
		cast.forEach((id, v) -> votes.put(id, v != VOTE_NO));
		if (!joint) {
			return c.voteResult(votes) + "\n";
		}
		VoteResult r = new JointConfig(c, cj).voteResult(votes);
		VoteResult swapped = new JointConfig(cj, c).voteResult(votes);
		return ((swapped != r) ? swapped + " <-- via symmetry\n" : "") + r + "\n";
	}

	/**
	 * Maps the values, in order, to the distinct voters in order of first appearance in
	 * {@code ids} then {@code idsj}; zero stands for {@code _} (no entry).
	 */
	private static Map<Long, Long> lookuper(List<Long> values, List<Long> ids, List<Long> idsj) {
		Map<Long, Long> l = new LinkedHashMap<>();
		int p = 0;
		List<Long> all = new ArrayList<>(ids);
		all.addAll(idsj);
		for (long id : all) {
			if (!l.containsKey(id) && p < values.size()) {
				l.put(id, values.get(p++));
			}
		}
		l.values().removeIf((v) -> v == 0);
		return l;
	}

	private static AckedIndexer overlay(MajorityConfig c, AckedIndexer l, long id, long idx) {
		Map<Long, Long> ll = new TreeMap<>(Long::compareUnsigned);
		for (long iid : c) {
			long known = l.ackedIndex(iid);
			if (iid == id) {
				ll.put(iid, idx);
			}
			else if (known != AckedIndexer.UNKNOWN) {
				ll.put(iid, known);
			}
		}
		return indexer(ll);
	}

	private static AckedIndexer indexer(Map<Long, Long> acked) {
		return (id) -> acked.getOrDefault(id, AckedIndexer.UNKNOWN);
	}

	private static MajorityConfig majority(List<Long> ids) {
		MajorityConfig c = new MajorityConfig();
		ids.forEach(c::add);
		return c;
	}

	private static long parseIndex(TestCase tc, String val) {
		if (val.equals("_")) {
			return 0;
		}
		long n = Long.parseUnsignedLong(val);
		if (n == 0) {
			throw new IllegalArgumentException(tc.where() + ": cannot use 0 as idx");
		}
		return n;
	}

	private static long parseVote(TestCase tc, String val) {
		return switch (val) {
			case "y" -> VOTE_YES;
			case "n" -> VOTE_NO;
			case "_" -> NO_VOTE;
			default -> throw new IllegalArgumentException(tc.where() + ": unknown vote: " + val);
		};
	}

	/** Go's {@code %v} of a {@code map[uint64]struct{}}: {@code map[1:{} 2:{}]}. */
	private static String goSet(SortedSet<Long> ids) {
		return ids.stream().map((id) -> Long.toUnsignedString(id) + ":{}").collect(Collectors.joining(" ", "map[", "]"));
	}

	/** Go's {@code %v} of a {@code []quorum.Index}: {@code [1 2 ∞]}. */
	private static String goIndexes(List<Long> idxs) {
		return idxs.stream().map(Quorum::indexToString).collect(Collectors.joining(" ", "[", "]"));
	}

}
