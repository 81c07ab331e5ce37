/**
 * JMH benchmarks of the transport, each measured beside a raw Netty baseline in the same run so that
 * the cost of framing, queueing and protobuf is visible. Not part of the starter.
 */
@NullMarked
package org.raftboot.benchmarks;

import org.jspecify.annotations.NullMarked;
