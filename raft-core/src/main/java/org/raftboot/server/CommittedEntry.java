package org.raftboot.server;

import com.google.protobuf.ByteString;

/**
 * A committed entry as the {@link StateMachine} sees it: the user's bytes without the runtime's
 * proposal envelope. {@code data} is a view of the log entry (not copied).
 */
public record CommittedEntry(long index, long term, ByteString data) {

	/** A copy of the data as a byte array. */
	public byte[] bytes() {
		return this.data.toByteArray();
	}
}
