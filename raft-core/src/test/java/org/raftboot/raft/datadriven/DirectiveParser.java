package org.raftboot.raft.datadriven;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a directive line into its command and arguments, as cockroachdb/datadriven does: fields
 * are separated by spaces outside parentheses; there is no quoting, so quote characters are part
 * of the text.
 */
final class DirectiveParser {

	private DirectiveParser() {
	}

	/** The fields of {@code line}: the command first, then the arguments; empty for a blank line. */
	static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int depth = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == ' ' && depth == 0) {
				if (field.length() > 0) {
					fields.add(field.toString());
					field.setLength(0);
				}
				continue;
			}
			if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth < 0) {
				throw new IllegalArgumentException("unbalanced ')' at column " + (i + 1) + ": " + line);
			}
			field.append(c);
		}
		if (depth != 0) {
			throw new IllegalArgumentException("unbalanced '(' in: " + line);
		}
		if (field.length() > 0) {
			fields.add(field.toString());
		}
		return fields;
	}

	/** The argument written as {@code field}. */
	static CmdArg arg(String field) {
		int eq = field.indexOf('=');
		if (eq < 0) {
			return new CmdArg(field, List.of());
		}
		String val = field.substring(eq + 1);
		if (val.length() >= 2 && val.charAt(0) == '(' && val.charAt(val.length() - 1) == ')') {
			return new CmdArg(field.substring(0, eq), splitList(val.substring(1, val.length() - 1)));
		}
		return new CmdArg(field.substring(0, eq), List.of(val));
	}

	/** Splits at the commas outside nested parentheses, trimming every value. */
	private static List<String> splitList(String inner) {
		List<String> vals = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < inner.length(); i++) {
			char c = inner.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				vals.add(inner.substring(start, i).strip());
				start = i + 1;
			}
		}
		vals.add(inner.substring(start).strip());
		return vals;
	}

}
