package org.raftboot.faults;

/** The kinds of fault the nemesis injects. */
enum Fault {

	/** Power loss of a random member (mid-save when one comes soon), restart after the episode. */
	CRASH,

	/** The same, of the leader. */
	CRASH_LEADER,

	/** Power loss of every member at once, then a cold restart of all. */
	CRASH_ALL,

	/** A random member paused past the election timeout. */
	PAUSE,

	/** The leader paused past the election timeout. */
	PAUSE_LEADER,

	/** The leader cut off from everyone, both ways. */
	ISOLATE_LEADER,

	/** A minority and a majority that do not hear each other (1|2, 2|3). */
	SPLIT,

	/** Two sides that do not hear each other and a member that hears both. */
	BRIDGE,

	/** The leader's messages lost one way: out of it, or into it. */
	ONE_WAY,

	/** Every link delayed by a random 0–100 ms. */
	DELAY

}
