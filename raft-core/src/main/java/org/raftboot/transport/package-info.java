/**
 * Peer-to-peer messaging for Raft nodes: a {@link org.raftboot.transport.Transport} that carries
 * {@code raftpb} messages for any number of Raft groups over one set of connections, never blocks the
 * Ready loop, bounds its memory, streams snapshots on their own connections and survives hostile
 * input. {@link org.raftboot.transport.NettyTransport} is the implementation; Netty is an optional
 * dependency of raft-core, needed only by this package.
 */
@NullMarked
package org.raftboot.transport;

import org.jspecify.annotations.NullMarked;
