/**
 * Quorum arithmetic (a port of etcd raft's {@code quorum} package): which index a majority or a
 * joint majority has acknowledged, and how an election stands. Pure functions over sets of ids, so
 * they can be checked exhaustively against simpler reference computations.
 */
@NullMarked
package org.raftboot.raft.quorum;

import org.jspecify.annotations.NullMarked;
