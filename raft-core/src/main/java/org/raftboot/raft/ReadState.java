package org.raftboot.raft;

/**
 * A completed read-only request: once the application has applied up to {@code index}, it may
 * serve the read identified by {@code requestCtx} linearizably.
 *
 * @param index the commit index at the time the read was confirmed
 * @param requestCtx the context the application passed to {@code RawNode.readIndex}
 */
public record ReadState(long index, byte[] requestCtx) {
}
