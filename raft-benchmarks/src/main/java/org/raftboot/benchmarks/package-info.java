/**
 * JMH benchmarks of RaftBoot's hot paths (the transport beside a raw Netty baseline, FileStorage),
 * run by hand from {@code target/benchmarks.jar}; never part of the build's tests nor of the starter.
 */
@NullMarked
package org.raftboot.benchmarks;

import org.jspecify.annotations.NullMarked;
