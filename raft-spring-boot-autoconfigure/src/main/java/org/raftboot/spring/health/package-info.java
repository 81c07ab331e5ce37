/** The {@code raft} health indicator, meant for the readiness group. */
@NullMarked
package org.raftboot.spring.health;

import org.jspecify.annotations.NullMarked;
