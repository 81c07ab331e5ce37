/** The sample replicated key-value store. */
@NullMarked
package org.raftboot.sample;

import org.jspecify.annotations.NullMarked;
