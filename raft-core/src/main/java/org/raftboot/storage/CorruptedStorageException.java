package org.raftboot.storage;

import java.nio.file.Path;

import org.raftboot.raft.StorageException;

/**
 * A storage file holds bytes that recovery cannot trust, somewhere a crash cannot explain (not a torn
 * write at the tail of the log). The node must not start: the acknowledgements it gave depend on
 * this data. The message names the file and the byte offset so an operator can inspect them.
 */
public class CorruptedStorageException extends StorageException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;

	private final long offset;

	public CorruptedStorageException(Path file, long offset, String reason) {
		super("corrupted storage file " + file + " at offset " + offset + ": " + reason);
		this.file = file;
		this.offset = offset;
	}

	/** The damaged file. */
	public Path file() {
		return this.file;
	}

	/** Where in {@link #file()} the damage starts. */
	public long offset() {
		return this.offset;
	}

}
