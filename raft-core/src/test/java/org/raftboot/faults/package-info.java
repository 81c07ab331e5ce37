/**
 * Fault injection for in-JVM clusters: a TCP proxy between every pair of members that drops,
 * delays, cuts and stalls traffic on command, a replicated key-value workload whose histories are
 * checked for linearizability, and a seeded nemesis mixing crashes, pauses and partitions.
 */
@NullMarked
package org.raftboot.faults;

import org.jspecify.annotations.NullMarked;
