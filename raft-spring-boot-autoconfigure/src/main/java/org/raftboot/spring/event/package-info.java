/**
 * Application events a Raft replica publishes: committed entries (in log order, on the apply
 * thread), configuration, leader and role changes.
 */
@NullMarked
package org.raftboot.spring.event;

import org.jspecify.annotations.NullMarked;
