package org.raftboot.raft;

import java.util.Map;
import java.util.SortedMap;

import org.raftboot.raft.tracker.Progress;
import org.raftboot.raft.tracker.TrackerConfig;

/**
 * A full snapshot of a node's state for monitoring: the basic status, the configuration, and (on
 * a leader only) a copy of every follower's progress, ordered by id.
 *
 * @param basic the basic status
 * @param config a copy of the tracked configuration
 * @param progress copies of the progresses by id; empty unless the node leads
 */
public record Status(BasicStatus basic, TrackerConfig config, SortedMap<Long, Progress> progress) {

	public long id() {
		return this.basic.id();
	}

	public long term() {
		return this.basic.term();
	}

	public long vote() {
		return this.basic.vote();
	}

	public long commit() {
		return this.basic.commit();
	}

	public long lead() {
		return this.basic.lead();
	}

	public StateType raftState() {
		return this.basic.raftState();
	}

	public long applied() {
		return this.basic.applied();
	}

	public long leadTransferee() {
		return this.basic.leadTransferee();
	}

	/** etcd's JSON form (progress in ascending id order). */
	@Override
	public String toString() {
		StringBuilder j = new StringBuilder();
		j.append(String.format("{\"id\":\"%x\",\"term\":%s,\"vote\":\"%x\",\"commit\":%s,\"lead\":\"%x\","
				+ "\"raftState\":\"%s\",\"applied\":%s,\"progress\":{", id(), Long.toUnsignedString(term()), vote(),
				Long.toUnsignedString(commit()), lead(), raftState(), Long.toUnsignedString(applied())));
		String separator = "";
		for (Map.Entry<Long, Progress> e : this.progress.entrySet()) {
			Progress pr = e.getValue();
			j.append(separator)
				.append(String.format("\"%x\":{\"match\":%s,\"next\":%s,\"state\":\"%s\"}", e.getKey(),
						Long.toUnsignedString(pr.match), Long.toUnsignedString(pr.next), pr.state));
			separator = ",";
		}
		j.append("},");
		j.append(String.format("\"leadtransferee\":\"%x\"}", leadTransferee()));
		return j.toString();
	}

}
