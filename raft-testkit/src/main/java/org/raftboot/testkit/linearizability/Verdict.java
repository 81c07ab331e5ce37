package org.raftboot.testkit.linearizability;

/** The answer to "is there one order of the operations that explains everything clients saw?". */
public enum Verdict {

	/** Some order respecting real time explains every result. */
	LINEARIZABLE,

	/** No such order exists: the system broke its promise. */
	NOT_LINEARIZABLE,

	/** The search ran out of time or memory before deciding. */
	UNKNOWN

}
