/**
 * The Raft algorithm: a deterministic, single-threaded port of etcd raft. Messages and ticks go in;
 * messages, entries to persist, committed entries and state changes come out. No IO, no threads,
 * no clocks.
 */
@NullMarked
package org.raftboot.raft;

import org.jspecify.annotations.NullMarked;
