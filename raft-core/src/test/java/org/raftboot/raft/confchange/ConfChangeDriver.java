package org.raftboot.raft.confchange;

import java.util.List;

import org.raftboot.raft.datadriven.TestCase;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.tracker.ProgressTracker;

/**
 * The handler of etcd's confchange vectors ({@code simple}, {@code enter-joint [autoleave=...]},
 * {@code leave-joint}) over one tracker per file. The last index grows by one after every
 * directive, failed ones included, and seeds the next index of new peers.
 */
final class ConfChangeDriver {

	private final ProgressTracker tracker = new ProgressTracker(10, 0);

	private long lastIndex;

	String handle(TestCase tc) {
		try {
			return run(tc);
		}
		finally {
			this.lastIndex++;
		}
	}

	private String run(TestCase tc) {
		List<ConfChangeSingle> ccs;
		try {
			ccs = ConfChanges.fromString(tc.input());
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
		Changer changer = new Changer(this.tracker, this.lastIndex);
		Changer.Result result;
		try {
			result = switch (tc.cmd()) {
				case "simple" -> changer.simple(ccs);
				case "enter-joint" -> changer.enterJoint(Boolean.parseBoolean(tc.argValue("autoleave", "false")), ccs);
				case "leave-joint" -> {
					if (!ccs.isEmpty()) {
						throw new ConfChangeException("this command takes no input");
					}
					yield changer.leaveJoint();
				}
				default -> null;
			};
		}
		catch (ConfChangeException ex) {
			return ex.getMessage() + "\n";
		}
		if (result == null) {
			return "unknown command";
		}
		this.tracker.config = result.config();
		this.tracker.progress = result.progress();
		return this.tracker.config + "\n" + this.tracker.progress;
	}

}
