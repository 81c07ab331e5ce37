package org.raftboot.raft;

/**
 * The role a raft node plays. The names are etcd's, because they appear verbatim in logs, in
 * {@code Ready} descriptions and in status output.
 */
public enum StateType {

	StateFollower, StateCandidate, StateLeader, StatePreCandidate

}
