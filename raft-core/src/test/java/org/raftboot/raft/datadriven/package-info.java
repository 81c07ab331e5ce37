/**
 * A runner for cockroachdb/datadriven files, the format of etcd raft's conformance vectors: each
 * file becomes one JUnit dynamic test, compared byte for byte, with an optional rewrite into a
 * scratch directory to review differences.
 */
@NullMarked
package org.raftboot.raft.datadriven;

import org.jspecify.annotations.NullMarked;
