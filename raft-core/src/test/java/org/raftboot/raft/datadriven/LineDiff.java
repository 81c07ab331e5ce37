package org.raftboot.raft.datadriven;

import java.util.List;

/**
 * A minimal line diff (longest common subsequence) for mismatch reports: common lines are prefixed
 * with two spaces, expected-only lines with {@code - }, actual-only lines with {@code + }.
 */
final class LineDiff {

	private static final int MAX_CELLS = 4_000_000;

	private LineDiff() {
	}

	static String diff(String expected, String actual) {
		List<String> a = expected.lines().toList();
		List<String> b = actual.lines().toList();
		StringBuilder out = new StringBuilder();
		if ((long) a.size() * b.size() > MAX_CELLS) {
			a.forEach((line) -> out.append("- ").append(line).append('\n'));
			b.forEach((line) -> out.append("+ ").append(line).append('\n'));
			return out.toString();
		}
		int[][] lcs = new int[a.size() + 1][b.size() + 1];
		for (int i = a.size() - 1; i >= 0; i--) {
			for (int j = b.size() - 1; j >= 0; j--) {
				lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
			}
		}
		int i = 0;
		int j = 0;
		while (i < a.size() || j < b.size()) {
			if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
				out.append("  ").append(a.get(i++)).append('\n');
				j++;
			}
			else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
				out.append("- ").append(a.get(i++)).append('\n');
			}
			else {
				out.append("+ ").append(b.get(j++)).append('\n');
			}
		}
		if (out.length() == 0 || expected.endsWith("\n") != actual.endsWith("\n")) {
			out.append("(the outputs differ in their final newline)\n");
		}
		return out.toString();
	}

}
