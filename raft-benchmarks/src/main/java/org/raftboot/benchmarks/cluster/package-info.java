/**
 * The cluster load tool: RaftServers in one JVM over the Netty transport on loopback with FileStorage,
 * driven by concurrent proposers and readers, measured beside the machine's own limits (disk sync and
 * loopback round trip) in the same run. Prints one parsable line per figure.
 */
@NullMarked
package org.raftboot.benchmarks.cluster;

import org.jspecify.annotations.NullMarked;
