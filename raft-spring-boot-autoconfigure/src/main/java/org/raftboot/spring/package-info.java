/** The application-facing side of RaftBoot's Spring Boot integration. */
@NullMarked
package org.raftboot.spring;

import org.jspecify.annotations.NullMarked;
