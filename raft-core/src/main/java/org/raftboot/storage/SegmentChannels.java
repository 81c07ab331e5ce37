package org.raftboot.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the channel of a WAL segment in the log. A seam for the power-loss tests only: they install
 * channels that can forget what was written since the last sync, to reopen a storage from what was
 * fsynced and nothing more. Production code never replaces {@link #DEFAULT}.
 */
@FunctionalInterface
interface SegmentChannels {

	SegmentChannels DEFAULT = (path) -> FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);

	/** A channel to read and write the existing segment file {@code path}. */
	FileChannel open(Path path) throws IOException;

}
