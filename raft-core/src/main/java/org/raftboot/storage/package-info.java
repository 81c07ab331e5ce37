/**
 * Durable storage for raft: a segmented write-ahead log, snapshot files and the hard state in one
 * locked directory, behind the {@link org.raftboot.raft.Storage} interface the algorithm reads.
 * Uses the JDK and protobuf only.
 */
@NullMarked
package org.raftboot.storage;

import org.jspecify.annotations.NullMarked;
