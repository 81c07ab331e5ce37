/**
 * JMH benchmarks of RaftBoot's hot paths, run by hand from {@code target/benchmarks.jar} (never
 * part of the build's tests).
 */
@NullMarked
package org.raftboot.benchmarks;

import org.jspecify.annotations.NullMarked;
