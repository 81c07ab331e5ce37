/** Auto-configuration of the {@code raft} health contributor. */
@NullMarked
package org.raftboot.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
