/**
 * A driver for etcd raft's interaction conformance vectors: a Java counterpart of etcd's
 * {@code rafttest.InteractionEnv}, printing exactly what etcd's driver prints.
 */
@NullMarked
package org.raftboot.raft.interaction;

import org.jspecify.annotations.NullMarked;
