package org.raftboot.storage;

import org.jspecify.annotations.Nullable;

/** What a WAL record holds; the code is the type byte on disk. */
enum RecordType {

	/** The state a segment starts from (a {@link Checkpoint}); always a segment's first record. */
	CHECKPOINT(1),

	/** One log entry (a serialized {@code Entry}); replaces any entry at its index and after. */
	ENTRY(2),

	/** A serialized {@code HardState}. */
	HARD_STATE(3),

	/** A snapshot was applied (a {@link LogPoint}): the log restarts after it. */
	SNAPSHOT_APPLIED(4),

	/** A snapshot was created from the log (a {@link LogPoint}); the log is unchanged. */
	SNAPSHOT_CREATED(5),

	/** The log was compacted up to and including a {@link LogPoint}. */
	COMPACTED(6);

	private static final RecordType[] BY_CODE = values();

	final byte code;

	RecordType(int code) {
		this.code = (byte) code;
	}

	static @Nullable RecordType of(byte code) {
		int i = code - 1;
		return (i >= 0 && i < BY_CODE.length) ? BY_CODE[i] : null;
	}

}
