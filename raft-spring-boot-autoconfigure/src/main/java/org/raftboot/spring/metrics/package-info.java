/** Micrometer meters of the replica, its proposals and its transport. */
@NullMarked
package org.raftboot.spring.metrics;

import org.jspecify.annotations.NullMarked;
