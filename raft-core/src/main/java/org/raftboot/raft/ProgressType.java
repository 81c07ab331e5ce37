package org.raftboot.raft;

/** Whether a progress visited by {@link RawNode#withProgress} belongs to a voter or a learner. */
public enum ProgressType {

	ProgressTypePeer, ProgressTypeLearner

}
