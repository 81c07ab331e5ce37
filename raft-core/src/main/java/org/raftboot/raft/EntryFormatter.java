package org.raftboot.raft;

import com.google.protobuf.ByteString;

/**
 * Renders a normal entry's payload in descriptions, so applications can show their own commands
 * readably; {@link Describe} uses Go's {@code %q} when none is given.
 */
@FunctionalInterface
public interface EntryFormatter {

	String format(ByteString data);

}
