/**
 * A running Raft replica, usable without Spring: {@link org.raftboot.server.RaftServer} drives a
 * {@link org.raftboot.node.Node} with a tick timer, a storage thread and an apply thread over a durable
 * {@link org.raftboot.storage.FileStorage} and a {@link org.raftboot.transport.Transport}, applies
 * committed entries to a {@link org.raftboot.server.StateMachine}, and turns proposals, reads and
 * membership changes into futures.
 */
@NullMarked
package org.raftboot.server;

import org.jspecify.annotations.NullMarked;
