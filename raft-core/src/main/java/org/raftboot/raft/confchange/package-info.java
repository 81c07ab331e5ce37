/**
 * Membership changes (a port of etcd raft's {@code confchange} package and the conf-change helpers
 * of its {@code raftpb}): validating and applying simple and joint-consensus changes to a copy of
 * the tracker's configuration, and rebuilding a configuration from a {@code ConfState}.
 */
@NullMarked
package org.raftboot.raft.confchange;

import org.jspecify.annotations.NullMarked;
