/** Auto-configuration of the {@code raft} actuator endpoint. */
@NullMarked
package org.raftboot.spring.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
