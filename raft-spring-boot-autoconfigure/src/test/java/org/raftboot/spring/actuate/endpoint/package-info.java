/** Tests of the {@code raft} actuator endpoint's model. */
@NullMarked
package org.raftboot.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
