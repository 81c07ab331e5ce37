package org.raftboot.storage;

import java.nio.file.Path;

/**
 * Where the data of the snapshot in force lies: {@code length} bytes of {@code file} from
 * {@code offset} on. The file is never written again, only deleted once a newer snapshot replaces
 * it, so a reader that opened it first reads it whole.
 */
public record SnapshotDataFile(Path file, long offset, long length) {
}
