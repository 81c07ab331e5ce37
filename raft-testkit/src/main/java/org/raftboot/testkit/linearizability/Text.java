package org.raftboot.testkit.linearizability;

import org.jspecify.annotations.Nullable;

/** How values appear in descriptions: quoted strings, and {@code absent} for a missing key. */
final class Text {

	private Text() {
	}

	static String value(@Nullable String value) {
		if (value == null) {
			return "absent";
		}
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
