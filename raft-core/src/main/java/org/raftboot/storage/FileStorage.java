package org.raftboot.storage;

import java.io.Closeable;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.RaftPanicException;
import org.raftboot.raft.Storage;
import org.raftboot.raft.StorageException;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/**
 * A durable {@link Storage}: what raft's Ready asks to persist survives crashes, and raft reads it
 * back exactly as from a {@code MemoryStorage} (same answers, same errors).
 *
 * <p>One directory holds a lock file, a segmented write-ahead log and snapshot files. Each
 * {@link #save} writes its records in one batch and syncs once before it returns. Only the index
 * of entry positions and terms and a bounded cache of recent entries live in memory; other entries
 * are read from disk when asked for. At open, a torn record at the tail of the log (a crash
 * mid-write) is cut off with a warning, and any other damage refuses to start with a
 * {@link CorruptedStorageException} naming the file and offset.
 *
 * <p>Thread-safe. Close it to release the directory.
 */
public final class FileStorage implements Storage, Closeable {

	private static final System.Logger LOG = System.getLogger("org.raftboot.storage");

	/** The buffer of a stream over snapshot data: state machines often read a few bytes at a time. */
	private static final int READ_BUFFER = 1 << 16;

	/** The most bytes {@link #entries} reads from disk at once. */
	private static final int MAX_READ = 1 << 20;

	private final Path dir;

	private final DirectoryLock lock;

	private final Wal wal;

	private final SnapshotFiles snapshots;

	private final EntryIndex index;

	private final EntryCache cache;

	private HardState hardState;

	private Snapshot snapshot;

	/** Where the snapshot in force is, when there is one on disk. */
	private @Nullable LogPoint snapshotPoint;

	private @Nullable StorageException failure;

	/**
	 * Held by the writers (save, snapshot, compaction, close) for a whole write, encoding and sync
	 * included; the state's monitor ({@code this}) only while they change the state, so that readers
	 * never wait for a write. The state changes only under both, so a writer reads it without the
	 * monitor. Taken before the monitor, never inside it.
	 */
	private final Object writeLock = new Object();

	private boolean closed;

	/** The highest commit index {@link #raiseCommit} stored, which no later save takes back (under the write lock). */
	private long raisedCommit;

	/** Set once {@link #close()} began: no snapshot file is prepared from then on. */
	private boolean closing;

	/** Snapshot files being written outside the write lock ({@link #createSnapshot}), which close waits for. */
	private int preparingSnapshots;

	private FileStorage(FileStorageOptions options, DirectoryLock lock, Wal wal, Replay replay, Snapshot snapshot) {
		this.dir = options.dir();
		this.lock = lock;
		this.wal = wal;
		this.snapshots = new SnapshotFiles(options.dir(), options.fsync());
		this.index = replay.index;
		this.cache = new EntryCache(options.cacheSize(), options.cacheBytes());
		this.hardState = replay.hardState;
		this.snapshot = snapshot;
		this.snapshotPoint = replay.snapshot;
	}

	/** Opens (or creates) the storage in {@code dir} with the default options. */
	public static FileStorage open(Path dir) {
		return open(FileStorageOptions.builder(dir).build());
	}

	/**
	 * Opens (or creates) the storage in {@code options.dir()} and recovers its state.
	 * @throws StorageException if the directory is locked by another instance or cannot be read
	 * @throws CorruptedStorageException if its content is damaged beyond a torn write at the tail
	 */
	public static FileStorage open(FileStorageOptions options) {
		Path dir = options.dir();
		DirectoryLock lock;
		try {
			Directories.create(dir, options.fsync());
			lock = DirectoryLock.acquire(dir);
		}
		catch (IOException ex) {
			throw new StorageException("cannot lock storage directory " + dir + ": " + ex, ex);
		}
		try {
			return recover(options, lock);
		}
		catch (IOException | RuntimeException ex) {
			try {
				lock.close();
			}
			catch (IOException closing) {
				ex.addSuppressed(closing);
			}
			if (ex instanceof IOException) {
				throw new StorageException("cannot open storage in " + dir + ": " + ex, ex);
			}
			throw (RuntimeException) ex;
		}
	}

	private static FileStorage recover(FileStorageOptions options, DirectoryLock lock) throws IOException {
		Replay replay = new Replay();
		SnapshotFiles snapshots = new SnapshotFiles(options.dir(), options.fsync());
		Wal wal = Wal.open(options.dir(), options.segmentSize(), options.fsync(), replay);
		try {
			if (wal.isNew()) {
				snapshots.refuseAny();
				if (options.fsync()) {
					// Whoever made the directory, its entry must survive the log now synced in it.
					Directories.force(options.dir().toAbsolutePath().getParent());
				}
			}
			long missing = replay.index.firstMissing();
			if (missing >= 0) {
				throw new CorruptedStorageException(wal.firstSegment(), 0, "entry " + missing
						+ " is in a deleted segment, but the log was not compacted past it");
			}
			Snapshot snapshot = Snapshot.getDefaultInstance();
			if (replay.snapshot != null) {
				snapshot = snapshots.read(replay.snapshot);
				snapshots.deleteAllBut(replay.snapshot.index());
			}
			else {
				snapshots.deleteAll();
			}
			wal.deleteStale();
			FileStorage storage = new FileStorage(options, lock, wal, replay, snapshot);
			if (wal.needsCheckpoint()) {
				wal.start(storage.checkpoint());
			}
			storage.logOpened(options);
			return storage;
		}
		catch (IOException | RuntimeException ex) {
			wal.close();
			throw ex;
		}
	}

	private void logOpened(FileStorageOptions options) {
		String state = String.format("entries (%d, %d], snapshot at %d, %d WAL segments, index of %d bytes",
				this.index.offsetIndex(), this.index.lastIndex(), this.snapshot.getMetadata().getIndex(),
				this.wal.segmentCount(), this.index.retainedBytes());
		if (options.fsync()) {
			LOG.log(Level.INFO, "Opened storage {0} with fsync on: {1}", this.dir, state);
		}
		else {
			LOG.log(Level.WARNING, "Opened storage {0} with fsync OFF, writes are not durable (for tests and "
					+ "benchmarks only): {1}", this.dir, state);
		}
	}

	/**
	 * Persists what one Ready hands over, durably before returning: the snapshot (when its index is
	 * not 0) replaces the log, then the entries are appended (replacing any persisted entries from
	 * the first one's index on, skipping compacted ones), then the hard state (when not empty) is
	 * recorded, so it never refers to entries that are not on disk; without a snapshot, a commit index
	 * lower than one {@link #raiseCommit} stored is recorded as that one. All of it is one WAL write
	 * and one sync (a snapshot file is synced on its own before).
	 * @throws StorageException.SnapshotOutOfDate if the snapshot is not newer than the current one
	 * @throws RaftPanicException if the entries leave a gap after the last one
	 */
	public void save(HardState hardState, List<Entry> entries, Snapshot snapshot) {
		persist((snapshot.getMetadata().getIndex() == 0) ? null : snapshot, null, hardState, entries, true);
	}

	/**
	 * {@link #save(HardState, List, Snapshot)} of a snapshot whose data is the content of
	 * {@code snapshotData} (a file received from the leader) rather than {@code snapshot.data}, so
	 * that a large snapshot never sits on the heap: on the same file system the file is renamed
	 * into the storage's directory and becomes the snapshot file (checksummed in one read, the
	 * metadata appended, synced); elsewhere it is copied in slices, checksummed on the way, and left
	 * for the caller to delete. {@link #snapshot()} then answers the metadata only (all raft reads
	 * of it), also after a reopen: the data is in {@link #snapshotDataFile(long)}.
	 * @throws IllegalArgumentException if the snapshot's index is 0
	 */
	public void save(HardState hardState, List<Entry> entries, Snapshot snapshot, Path snapshotData) {
		if (snapshot.getMetadata().getIndex() == 0) {
			throw new IllegalArgumentException("a snapshot from a file needs an index");
		}
		persist(snapshot, snapshotData, hardState, entries, true);
	}

	/**
	 * The data of the snapshot in force, read from its file: how a state machine is restored without
	 * the data on the heap. The caller closes the stream; it stays readable after a newer snapshot
	 * replaces this one.
	 * @throws StorageException if there is no snapshot or its file cannot be read
	 */
	public synchronized InputStream openSnapshotData() {
		ensureUsable();
		LogPoint point = this.snapshotPoint;
		if (point == null) {
			throw new StorageException("no snapshot in " + this.dir);
		}
		SnapshotDataFile data = dataFile(point.index());
		FileChannel channel;
		try {
			channel = FileChannel.open(data.file(), StandardOpenOption.READ);
		}
		catch (IOException ex) {
			throw new StorageException("cannot read the snapshot in " + this.dir + ": " + ex, ex);
		}
		return new BufferedInputStream(new FileRangeInputStream(channel, data.offset(), data.length()), READ_BUFFER);
	}

	/**
	 * Where the data of the snapshot at {@code index} lies, if that is the snapshot in force: how it
	 * is streamed to a follower from the file, whatever {@link #snapshot()} holds in memory.
	 * @return null when the snapshot in force is another one (or none)
	 */
	public synchronized @Nullable SnapshotDataFile snapshotDataFile(long index) {
		ensureUsable();
		LogPoint point = this.snapshotPoint;
		return (point == null || point.index() != index) ? null : dataFile(index);
	}

	private SnapshotDataFile dataFile(long index) {
		try {
			return this.snapshots.dataRange(index);
		}
		catch (IOException ex) {
			throw new StorageException("cannot read the snapshot in " + this.dir + ": " + ex, ex);
		}
	}

	/**
	 * Records a hard state that needs no sync ({@code Ready.mustSync()} false: term and vote are
	 * unchanged, no entries, only the commit index moved): written, not synced, as etcd's WAL does.
	 * Raft may lose such a commit index in a crash and learns it again from the leader; the next
	 * sync (any {@link #save}, snapshot or compaction) makes it durable, before whatever follows it.
	 */
	public void saveUnsynced(HardState hardState) {
		persist(null, null, hardState, List.of(), false);
	}

	/**
	 * Raises the stored commit index to {@code commit} when it is lower, keeping term and vote:
	 * written, not synced, in one step with the storage's other writes, so a save of a newer term or
	 * vote is never undone, nor the raise by a save of a hard state raft made before it. How a
	 * replica that does not write every commit index makes sure a snapshot it takes (which syncs the
	 * WAL first) is never ahead of the stored commit index.
	 */
	public void raiseCommit(long commit) {
		synchronized (this.writeLock) {
			HardState hs;
			synchronized (this) {
				ensureUsable();
				hs = this.hardState;
			}
			if (Long.compareUnsigned(commit, hs.getCommit()) > 0) {
				persist(null, null, hs.toBuilder().setCommit(commit).build(), List.of(), false);
				this.raisedCommit = commit;
			}
		}
	}

	/**
	 * Replaces the whole content with the snapshot, durably.
	 * @throws StorageException.SnapshotOutOfDate if it is not newer than the current one (an index-0
	 * snapshot carrying only a configuration is accepted on an empty storage: no snapshot, no entries;
	 * a second one is refused, because its file would replace the one in force before the WAL
	 * records it)
	 */
	public void applySnapshot(Snapshot snapshot) {
		persist(snapshot, null, HardState.getDefaultInstance(), List.of(), true);
	}

	/**
	 * Encodes, writes and syncs outside the state's monitor (raft's reads on the node's thread never
	 * wait for the disk, nor for the encoding of a batch), then makes the written state visible under
	 * the monitor: readers see a write only once it is as durable as it was asked to be. The WAL only
	 * grows at its tail, so the records readers look up are not touched by a write in progress.
	 */
	private void persist(@Nullable Snapshot snap, @Nullable Path snapData, HardState hs, List<Entry> entries,
			boolean sync) {
		synchronized (this.writeLock) {
			Written written = write(snap, snapData, hs, entries);
			if (written == null) {
				return;
			}
			if (sync) {
				syncWal();
			}
			synchronized (this) {
				ensureUsable();
				publish(written);
			}
		}
	}

	/**
	 * Writes a save at the WAL's tail (and its snapshot files); the caller holds the write lock, so
	 * the state read here changes only under its own hands.
	 */
	private @Nullable Written write(@Nullable Snapshot snap, @Nullable Path snapData, HardState hs,
			List<Entry> entries) {
		ensureUsable();
		long offset = this.index.offsetIndex();
		long last = this.index.lastIndex();
		if (snap != null) {
			long current = this.snapshot.getMetadata().getIndex();
			boolean bootstrap = snap.getMetadata().getIndex() == 0 && this.snapshotPoint == null && last == 0;
			if (current >= snap.getMetadata().getIndex() && !bootstrap) {
				throw new StorageException.SnapshotOutOfDate();
			}
			offset = snap.getMetadata().getIndex();
			last = offset;
		}
		List<Entry> appended = appendable(entries, offset, last);
		boolean saveHardState = !hs.equals(HardState.getDefaultInstance());
		if (saveHardState && snap == null && Long.compareUnsigned(hs.getCommit(), this.raisedCommit) < 0) {
			// Raft made this hard state before raiseCommit stored a higher commit index, on which a
			// snapshot may already stand: keep that one.
			hs = hs.toBuilder().setCommit(this.raisedCommit).build();
		}
		if (snap == null && appended.isEmpty() && !saveHardState) {
			return null;
		}
		RecordBatch batch = new RecordBatch();
		if (snap != null) {
			batch.add(RecordType.SNAPSHOT_APPLIED, pointOf(snap).encode());
		}
		int firstEntry = batch.count();
		for (Entry entry : appended) {
			batch.add(RecordType.ENTRY, entry);
		}
		if (saveHardState) {
			batch.add(RecordType.HARD_STATE, hs);
		}
		long[] offsets = new long[batch.count()];
		long position;
		@Nullable Snapshot kept = snap;
		try {
			if (snapData != null && snap != null) {
				if (!this.snapshots.adopt(snap, snapData)) {
					this.snapshots.writeFrom(snap, snapData);
				}
				kept = snap.toBuilder().clearData().build();
			}
			else if (snap != null) {
				this.snapshots.write(snap);
			}
			position = this.wal.append(batch, offsets, this::checkpoint);
		}
		catch (IOException ex) {
			throw fail(ex);
		}
		return new Written(kept, offset, appended, position, offsets, firstEntry, saveHardState ? hs : null);
	}

	private void publish(Written w) {
		Snapshot snap = w.snapshot();
		if (snap != null) {
			this.snapshot = snap;
			this.snapshotPoint = pointOf(snap);
			this.index.reset(w.offset(), snap.getMetadata().getTerm());
			this.cache.clear();
		}
		List<Entry> appended = w.appended();
		if (!appended.isEmpty()) {
			this.index.truncateFrom(appended.get(0).getIndex());
			for (int k = 0; k < appended.size(); k++) {
				Entry entry = appended.get(k);
				this.index.append(entry.getTerm(), w.position() + w.offsets()[w.firstEntry() + k],
						entry.getSerializedSize());
			}
			this.cache.append(appended);
		}
		HardState hs = w.hardState();
		if (hs != null) {
			this.hardState = hs;
		}
		if (snap != null) {
			release();
		}
	}

	/** Syncs the WAL outside the state's monitor (the caller holds the write lock). */
	private void syncWal() {
		try {
			this.wal.sync();
		}
		catch (IOException ex) {
			throw fail(ex);
		}
	}

	/** The entries MemoryStorage.append would keep, checked to be contiguous and to follow the log. */
	private static List<Entry> appendable(List<Entry> entries, long offset, long last) {
		if (entries.isEmpty()) {
			return List.of();
		}
		long from = entries.get(0).getIndex();
		for (int k = 1; k < entries.size(); k++) {
			if (entries.get(k).getIndex() != from + k) {
				throw new IllegalArgumentException("entries are not contiguous: entry " + entries.get(k).getIndex()
						+ " follows entry " + entries.get(k - 1).getIndex());
			}
		}
		if (from + entries.size() - 1 < offset + 1) {
			return List.of();
		}
		List<Entry> kept = (from > offset) ? entries : entries.subList((int) (offset + 1 - from), entries.size());
		if (kept.get(0).getIndex() > last + 1) {
			throw panic("missing log entry [last: %d, append at: %d]", last, kept.get(0).getIndex());
		}
		return List.copyOf(kept);
	}

	/**
	 * Records a snapshot of the state at entry {@code i} (which must be in the log), with the given
	 * configuration (kept from the previous snapshot when null) and state machine data, durably; the
	 * log is not compacted (see {@link #compact(long)}). The snapshot file is written and synced
	 * before the write lock is taken, so saves go on meanwhile; holding it, the file is renamed into
	 * place and the log records it.
	 * @throws StorageException.SnapshotOutOfDate if {@code i} is not past the current snapshot (also
	 * when a snapshot at or past {@code i} was stored while the file was being written)
	 */
	public Snapshot createSnapshot(long i, @Nullable ConfState cs, ByteString data) {
		Snapshot created;
		synchronized (this) {
			ensureUsable();
			if (this.closing) {
				throw new IllegalStateException("storage in " + this.dir + " is closing");
			}
			SnapshotMetadata.Builder metadata = this.snapshot.getMetadata().toBuilder()
				.setIndex(i)
				.setTerm(termOfNextSnapshot(i));
			if (cs != null) {
				metadata.setConfState(cs);
			}
			created = Snapshot.newBuilder().setData(data).setMetadata(metadata).build();
			this.preparingSnapshots++;
		}
		try {
			return writeSnapshot(i, created);
		}
		finally {
			synchronized (this) {
				this.preparingSnapshots--;
				notifyAll();
			}
		}
	}

	/** Writes and syncs the file of {@code created}, then, holding the write lock, puts it in place and records it. */
	private Snapshot writeSnapshot(long i, Snapshot created) {
		Path prepared;
		try {
			prepared = this.snapshots.prepare(created);
		}
		catch (IOException ex) {
			throw fail(ex);
		}
		boolean committed = false;
		try {
			synchronized (this.writeLock) {
				synchronized (this) {
					if (termOfNextSnapshot(i) != created.getMetadata().getTerm()) {
						throw panic("snapshot %d: the term of its entry changed while it was written", i);
					}
				}
				try {
					this.snapshots.commitPrepared(prepared, i);
				}
				catch (IOException ex) {
					throw fail(ex);
				}
				committed = true;
				appendAndSync(RecordType.SNAPSHOT_CREATED, pointOf(created).encode());
				synchronized (this) {
					ensureUsable();
					this.snapshot = created;
					this.snapshotPoint = pointOf(created);
					release();
				}
				return created;
			}
		}
		finally {
			if (!committed) {
				this.snapshots.discard(prepared);
			}
		}
	}

	/** The term of entry {@code i}, checked to be a valid index for the next snapshot (under the monitor). */
	private long termOfNextSnapshot(long i) {
		ensureUsable();
		if (i <= this.snapshot.getMetadata().getIndex()) {
			throw new StorageException.SnapshotOutOfDate();
		}
		if (i > this.index.lastIndex()) {
			throw panic("snapshot %d is out of bound lastindex(%d)", i, this.index.lastIndex());
		}
		if (i < this.index.offsetIndex()) {
			throw new StorageException.Compacted();
		}
		return this.index.term(i);
	}

	/**
	 * Discards the entries up to and including {@code compactIndex}, durably, and releases the WAL
	 * segments that hold nothing newer, which a background thread deletes.
	 * @throws StorageException.Compacted if it was already discarded
	 */
	public void compact(long compactIndex) {
		synchronized (this.writeLock) {
			LogPoint point;
			synchronized (this) {
				ensureUsable();
				if (compactIndex <= this.index.offsetIndex()) {
					throw new StorageException.Compacted();
				}
				if (compactIndex > this.index.lastIndex()) {
					throw panic("compact %d is out of bound lastindex(%d)", compactIndex, this.index.lastIndex());
				}
				point = new LogPoint(compactIndex, this.index.term(compactIndex));
			}
			appendAndSync(RecordType.COMPACTED, point.encode());
			synchronized (this) {
				ensureUsable();
				this.index.compactTo(point.index(), point.term());
				this.cache.compactTo(point.index());
				release();
			}
		}
	}

	/** Appends one record and syncs it, outside the state's monitor (the caller holds the write lock). */
	private void appendAndSync(RecordType type, byte[] payload) {
		ensureUsable();
		try {
			this.wal.append(new RecordBatch().add(type, payload), new long[1], this::checkpoint);
		}
		catch (IOException ex) {
			throw fail(ex);
		}
		syncWal();
	}

	/**
	 * Deletes the snapshot files nothing refers to any more, and releases such WAL segments (deleted
	 * in the background); failures only warn.
	 */
	private void release() {
		try {
			if (this.snapshotPoint != null) {
				this.snapshots.deleteAllBut(this.snapshotPoint.index());
			}
		}
		catch (IOException ex) {
			LOG.log(Level.WARNING, "Could not delete obsolete files in " + this.dir, ex);
		}
		long oldestNeeded = this.index.isEmpty() ? this.wal.activeSeq()
				: Wal.seqOf(this.index.position(this.index.offsetIndex() + 1));
		this.wal.releaseBefore(oldestNeeded);
	}

	private byte[] checkpoint() {
		return new Checkpoint(this.hardState, this.snapshotPoint,
				new LogPoint(this.index.offsetIndex(), this.index.offsetTerm()), this.index.lastIndex())
			.encode();
	}

	@Override
	public synchronized InitialState initialState() {
		ensureUsable();
		return new InitialState(this.hardState, this.snapshot.getMetadata().getConfState());
	}

	@Override
	public synchronized List<Entry> entries(long lo, long hi, long maxSize) {
		ensureUsable();
		if (lo <= this.index.offsetIndex()) {
			throw new StorageException.Compacted();
		}
		if (hi > this.index.lastIndex() + 1) {
			throw panic("entries' hi(%d) is out of bound lastindex(%d)", hi, this.index.lastIndex());
		}
		if (this.index.isEmpty()) {
			throw new StorageException.Unavailable();
		}
		if (lo > hi) {
			throw new IllegalArgumentException("entries' lo(" + lo + ") is greater than hi(" + hi + ")");
		}
		long end = lo;
		long size = 0;
		while (end < hi) {
			size += this.index.size(end);
			if (end > lo && Long.compareUnsigned(size, maxSize) > 0) {
				break;
			}
			end++;
		}
		List<Entry> result = new ArrayList<>((int) (end - lo));
		long i = lo;
		while (i < end) {
			Entry cached = this.cache.get(i);
			if (cached != null) {
				result.add(cached);
				i++;
			}
			else {
				i = readRun(i, end, result);
			}
		}
		return result;
	}

	/**
	 * Reads entries from {@code from} on, as long as they are not cached and lie back to back on disk
	 * (up to {@link #MAX_READ} bytes), in one read.
	 * @return the index after the last entry read
	 */
	private long readRun(long from, long end, List<Entry> out) {
		long position = this.index.position(from);
		long next = position + RecordFormat.size(this.index.size(from));
		long to = from + 1;
		while (to < end && next - position < MAX_READ && this.index.position(to) == next
				&& this.cache.get(to) == null) {
			next += RecordFormat.size(this.index.size(to));
			to++;
		}
		try {
			this.wal.readEntries(position, (int) (next - position), from, to, this.index, out);
		}
		catch (IOException ex) {
			throw new StorageException("cannot read entries from " + this.dir + ": " + ex, ex);
		}
		return to;
	}

	@Override
	public synchronized long term(long i) {
		ensureUsable();
		if (i < this.index.offsetIndex()) {
			throw new StorageException.Compacted();
		}
		if (i > this.index.lastIndex()) {
			throw new StorageException.Unavailable();
		}
		return this.index.term(i);
	}

	@Override
	public synchronized long lastIndex() {
		ensureUsable();
		return this.index.lastIndex();
	}

	@Override
	public synchronized long firstIndex() {
		ensureUsable();
		return this.index.offsetIndex() + 1;
	}

	@Override
	public synchronized Snapshot snapshot() {
		ensureUsable();
		return this.snapshot;
	}

	/**
	 * Releases the files and the directory lock, after a write in progress and after the snapshot
	 * files being written, so that nothing is written in the directory once it is unlocked.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closing = true;
			boolean interrupted = false;
			while (this.preparingSnapshots > 0) {
				try {
					wait();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		synchronized (this.writeLock) {
			synchronized (this) {
				closeFiles();
			}
		}
	}

	private void closeFiles() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			try {
				this.wal.close();
			}
			finally {
				this.lock.close();
			}
		}
		catch (IOException ex) {
			throw new StorageException("cannot close storage in " + this.dir + ": " + ex, ex);
		}
	}

	private void ensureUsable() {
		if (this.closed) {
			throw new IllegalStateException("storage in " + this.dir + " is closed");
		}
		if (this.failure != null) {
			throw new StorageException("storage in " + this.dir + " failed a write and must be reopened",
					this.failure);
		}
	}

	/** A failed write leaves memory and disk possibly apart: refuse everything until reopened. */
	private synchronized StorageException fail(IOException ex) {
		this.failure = new StorageException("cannot write to storage in " + this.dir + ": " + ex, ex);
		LOG.log(Level.ERROR, this.failure.getMessage(), ex);
		return this.failure;
	}

	private static LogPoint pointOf(Snapshot snap) {
		return new LogPoint(snap.getMetadata().getIndex(), snap.getMetadata().getTerm());
	}

	private static RaftPanicException panic(String format, Object... args) {
		String message = String.format(format, args);
		LOG.log(Level.ERROR, message);
		return new RaftPanicException(message);
	}

	/** What a write put in the WAL, published to readers once it is durable. */
	private record Written(@Nullable Snapshot snapshot, long offset, List<Entry> appended, long position, long[] offsets,
			int firstEntry, @Nullable HardState hardState) {
	}

}
