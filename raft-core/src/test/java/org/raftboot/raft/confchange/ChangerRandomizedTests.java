package org.raftboot.raft.confchange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.tracker.ProgressTracker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded randomized check (etcd's quick test): applying changes one at a time as simple changes
 * ends in the same configuration as applying them together through a joint configuration.
 */
class ChangerRandomizedTests {

	private static final int ROUNDS = 1_000;

	private final SplittableRandom random = new SplittableRandom(20240611L);

	/** Node 1 plus up to five more voters with ids in [1, 5]. */
	private List<ConfChangeSingle> randomSetup() {
		List<ConfChangeSingle> ccs = new ArrayList<>(List.of(change(ConfChangeType.ConfChangeAddNode, 1)));
		int n = 1 + this.random.nextInt(5);
		for (int i = 0; i < n; i++) {
			ccs.add(change(ConfChangeType.ConfChangeAddNode, 1 + this.random.nextInt(1, 6)));
		}
		return ccs;
	}

	/** One to nine changes of any type to nodes in [2, 10]: node 1 stays a voter throughout. */
	private List<ConfChangeSingle> randomChanges() {
		List<ConfChangeSingle> ccs = new ArrayList<>();
		int n = 1 + this.random.nextInt(9);
		ConfChangeType[] types = ConfChangeType.values();
		for (int i = 0; i < n; i++) {
			ccs.add(change(types[this.random.nextInt(types.length)], 2 + this.random.nextInt(9)));
		}
		return ccs;
	}

	private static ConfChangeSingle change(ConfChangeType type, long id) {
		return ConfChangeSingle.newBuilder().setType(type).setNodeId(id).build();
	}

	@Test
	void simpleChangesOneByOneEqualEnteringAndLeavingAJointConfig() {
		List<String> failures = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			List<ConfChangeSingle> setup = randomSetup();
			List<ConfChangeSingle> ccs = randomChanges();
			String simple = stateOf(runSimple(setUp(setup), ccs));
			String joint = stateOf(runJoint(setUp(setup), ccs));
			if (!simple.equals(joint)) {
				failures.add("setup " + ConfChanges.toString(setup) + ", changes " + ConfChanges.toString(ccs) + ":\n"
						+ simple + "versus\n" + joint);
			}
		}
		assertThat(failures).isEmpty();
	}

	private static ProgressTracker setUp(List<ConfChangeSingle> setup) {
		return runSimple(new ProgressTracker(10, 0), setup);
	}

	private static ProgressTracker runSimple(ProgressTracker tracker, List<ConfChangeSingle> ccs) {
		for (ConfChangeSingle cc : ccs) {
			install(tracker, new Changer(tracker, 10).simple(List.of(cc)));
		}
		return tracker;
	}

	/** Enters (checking that autoLeave only changes the flag) and leaves the joint configuration. */
	private static ProgressTracker runJoint(ProgressTracker tracker, List<ConfChangeSingle> ccs) {
		Changer changer = new Changer(tracker, 10);
		Changer.Result entered = changer.enterJoint(false, ccs);
		Changer.Result enteredAutoLeave = changer.enterJoint(true, ccs);
		assertThat(enteredAutoLeave.config().autoLeave).isTrue();
		enteredAutoLeave.config().autoLeave = false;
		assertThat(stateOf(enteredAutoLeave)).isEqualTo(stateOf(entered));
		install(tracker, entered);
		install(tracker, new Changer(tracker, 10).leaveJoint());
		return tracker;
	}

	private static void install(ProgressTracker tracker, Changer.Result result) {
		tracker.config = result.config();
		tracker.progress = result.progress();
	}

	private static String stateOf(ProgressTracker tracker) {
		return stateOf(new Changer.Result(tracker.config, tracker.progress));
	}

	private static String stateOf(Changer.Result result) {
		return result.config() + "\n" + result.progress();
	}

}
