package org.raftboot.raft.interaction;

import java.util.List;

import org.raftboot.raft.datadriven.CmdArg;
import org.raftboot.raft.datadriven.TestCase;

/** Reading directive arguments as etcd's driver does (Go's parsing rules). */
final class Args {

	private Args() {
	}

	/** The 0-based index of the node named by the first argument. */
	static int firstAsNodeIdx(TestCase tc) {
		return Integer.parseInt(tc.args().get(0).key()) - 1;
	}

	/** The 0-based node indexes named by the arguments without values, in order. */
	static List<Integer> nodeIdxs(TestCase tc) {
		return tc.positional().stream().map((key) -> Integer.parseInt(key) - 1).toList();
	}

	/** Go's {@code strconv.ParseBool}. */
	static boolean parseBool(String s) {
		return switch (s) {
			case "1", "t", "T", "TRUE", "true", "True" -> true;
			case "0", "f", "F", "FALSE", "false", "False" -> false;
			default -> throw new IllegalArgumentException("strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
		};
	}

	static long parseUint(String s) {
		return Long.parseUnsignedLong(s);
	}

	/** The single value of {@code key}, which must be present. */
	static String value(TestCase tc, String key) {
		CmdArg arg = tc.arg(key).orElseThrow(() -> new IllegalArgumentException(tc.where() + ": missing " + key));
		return arg.val(0);
	}

}
