package org.raftboot.raft.interaction;

/** Whose messages {@code deliver-msgs} handles, and whether it drops them instead. */
record Recipient(long id, boolean drop) {
}
