/** The {@code raft} actuator endpoint: status of the replica and leadership operations. */
@NullMarked
package org.raftboot.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
