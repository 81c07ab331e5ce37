package org.raftboot.raft.datadriven;

import java.util.List;

/**
 * One argument of a directive: {@code key} (no values), {@code key=value} (one value) or
 * {@code key=(a,b, c)} (several values, trimmed).
 */
public record CmdArg(String key, List<String> vals) {

	public CmdArg {
		vals = List.copyOf(vals);
	}

	/** The value at {@code i}. */
	public String val(int i) {
		return this.vals.get(i);
	}

	/** The form it had on the directive line, e.g. {@code idx=(1,_)}. */
	@Override
	public String toString() {
		if (this.vals.isEmpty()) {
			return this.key;
		}
		return this.key + "=" + ((this.vals.size() == 1) ? this.vals.get(0) : "(" + String.join(", ", this.vals) + ")");
	}

}
