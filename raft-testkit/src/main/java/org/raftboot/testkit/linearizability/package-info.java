/**
 * A linearizability checker for histories of a key-value map (put, get, delete, compare-and-set),
 * including operations whose outcome the client never learned. Test-support code: the fault-injection
 * suites record what their clients saw and ask this package whether some single order explains it.
 */
@NullMarked
package org.raftboot.testkit.linearizability;

import org.jspecify.annotations.NullMarked;
