package org.raftboot.raft.confchange;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.raftboot.raft.pb.ConfChangeSingle;
import org.raftboot.raft.pb.ConfChangeType;
import org.raftboot.raft.pb.ConfState;

/**
 * Rebuilds a tracker configuration from a {@link ConfState} (etcd's {@code confchange.Restore}), for
 * a node that starts from a snapshot or its saved state. Rather than trusting the ConfState, it
 * replays it as a sequence of ordinary changes, so the result passes the same validation as any
 * change: first the outgoing voters one by one, then, if joint, a joint change to the incoming
 * configuration.
 */
public final class Restore {

	private Restore() {
	}

	/**
	 * Replays {@code cs} on top of the changer's (normally empty) state; the changer's tracker is
	 * not modified.
	 * @throws ConfChangeException if the ConfState is not a valid configuration
	 */
	public static Changer.Result restore(Changer chg, ConfState cs) {
		List<ConfChangeSingle> outgoing = new ArrayList<>();
		for (long id : cs.getVotersOutgoingList()) {
			outgoing.add(change(ConfChangeType.ConfChangeAddNode, id));
		}
		// The incoming changes apply to the outgoing configuration: remove it, then add the
		// incoming voters and all learners (learnersNext become learners only after leaving joint).
		List<ConfChangeSingle> incoming = new ArrayList<>();
		for (long id : cs.getVotersOutgoingList()) {
			incoming.add(change(ConfChangeType.ConfChangeRemoveNode, id));
		}
		for (long id : cs.getVotersList()) {
			incoming.add(change(ConfChangeType.ConfChangeAddNode, id));
		}
		for (long id : cs.getLearnersList()) {
			incoming.add(change(ConfChangeType.ConfChangeAddLearnerNode, id));
		}
		for (long id : cs.getLearnersNextList()) {
			incoming.add(change(ConfChangeType.ConfChangeAddLearnerNode, id));
		}

		List<Function<Changer, Changer.Result>> ops = new ArrayList<>();
		if (outgoing.isEmpty()) {
			incoming.forEach((cc) -> ops.add((c) -> c.simple(List.of(cc))));
		}
		else {
			outgoing.forEach((cc) -> ops.add((c) -> c.simple(List.of(cc))));
			ops.add((c) -> c.enterJoint(cs.getAutoLeave(), incoming));
		}

		Changer current = chg;
		Changer.Result result = chg.current();
		for (Function<Changer, Changer.Result> op : ops) {
			result = op.apply(current);
			current = current.withState(result);
		}
		return result;
	}

	private static ConfChangeSingle change(ConfChangeType type, long id) {
		return ConfChangeSingle.newBuilder().setType(type).setNodeId(id).build();
	}

}
