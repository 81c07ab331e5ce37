package org.raftboot.faults;

import java.time.Duration;
import java.util.List;

/**
 * One fault of a nemesis schedule, drawn from the seed before the run: what, how long it lasts, how
 * long the quiet after it lasts, an order of the members that picks the targets and the sides, and
 * the numbers that decide which writes a power loss keeps and how long each link is delayed.
 */
record Episode(Fault fault, Duration hold, Duration quiet, List<Long> order, long seed) {

	@Override
	public String toString() {
		return this.fault + " " + this.order + " for " + this.hold.toMillis() + " ms, quiet " + this.quiet.toMillis()
				+ " ms";
	}

}
