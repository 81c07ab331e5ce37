/**
 * JMH benchmarks of RaftBoot's hot paths (the transport beside a raw Netty baseline, FileStorage and
 * the disk's fsync floor) and the first reopen of a long log in a fresh JVM, run by hand from
 * {@code target/benchmarks.jar}; never part of the build's tests nor of the starter. Every tool of the
 * module prints its figures as {@link org.raftboot.benchmarks.Report} lines.
 */
@NullMarked
package org.raftboot.benchmarks;

import org.jspecify.annotations.NullMarked;
