package org.raftboot.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.raftboot.raft.StorageException;

/**
 * The exclusive lock on a storage directory: two writers on one log would interleave records, so a
 * second {@link FileStorage} (in this process or another) fails at open instead.
 */
final class DirectoryLock implements Closeable {

	static final String FILE_NAME = "LOCK";

	private final FileChannel channel;

	private final FileLock lock;

	private DirectoryLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	static DirectoryLock acquire(Path dir) throws IOException {
		Path path = dir.resolve(FILE_NAME);
		FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new StorageException("storage directory " + dir
					+ " is already in use by another FileStorage (in this or another process): lock file " + path
					+ " is held");
		}
		return new DirectoryLock(channel, lock);
	}

	@Override
	public void close() throws IOException {
		try {
			this.lock.release();
		}
		finally {
			this.channel.close();
		}
	}

}
