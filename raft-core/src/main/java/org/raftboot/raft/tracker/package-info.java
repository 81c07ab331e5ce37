/**
 * What a leader knows about each follower (a port of etcd raft's {@code tracker} package): the
 * replication progress and flow control of every peer, the voter/learner configuration, and the
 * votes of an election.
 */
@NullMarked
package org.raftboot.raft.tracker;

import org.jspecify.annotations.NullMarked;
