/** Auto-configuration that builds a Raft replica from {@code raft.*} properties and runs it with the context. */
@NullMarked
package org.raftboot.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
