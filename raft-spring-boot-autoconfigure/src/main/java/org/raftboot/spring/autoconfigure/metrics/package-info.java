/** Auto-configuration of the Raft meters. */
@NullMarked
package org.raftboot.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
