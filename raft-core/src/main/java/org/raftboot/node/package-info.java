/**
 * The threaded face of the Raft algorithm: a {@link org.raftboot.node.Node} owns a
 * {@link org.raftboot.raft.RawNode} on one loop (a thread of its own, or an executor given to it, such
 * as a transport's event loop) and lets any thread tick it, propose, step
 * messages and take its {@link org.raftboot.raft.Ready} batches, as etcd's {@code Node} does.
 */
@NullMarked
package org.raftboot.node;

import org.jspecify.annotations.NullMarked;
