/** A three-replica cluster of Spring Boot applications in one JVM, exercised over HTTP. */
@NullMarked
package org.raftboot.spring.cluster;

import org.jspecify.annotations.NullMarked;
