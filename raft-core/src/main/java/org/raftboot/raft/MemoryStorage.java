package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

/**
 * A {@link Storage} held in memory: for tests, and as the reference for what a durable storage
 * must do. Thread-safe, so the application may write while raft reads.
 *
 * <p>Element 0 of the entry list is a dummy holding the index and term of the last compaction or
 * snapshot point; the real entries follow it.
 */
public class MemoryStorage implements Storage {

	private final RaftLogger logger;

	private HardState hardState = HardState.getDefaultInstance();

	private Snapshot snapshot = Snapshot.getDefaultInstance();

	private List<Entry> ents = new ArrayList<>(List.of(Entry.getDefaultInstance()));

	public MemoryStorage() {
		this(new DefaultRaftLogger());
	}

	/** A storage that reports broken invariants (out-of-bound requests) to {@code logger}. */
	public MemoryStorage(RaftLogger logger) {
		this.logger = logger;
	}

	@Override
	public synchronized InitialState initialState() {
		return new InitialState(this.hardState, this.snapshot.getMetadata().getConfState());
	}

	public synchronized void setHardState(HardState hardState) {
		this.hardState = hardState;
	}

	@Override
	public synchronized List<Entry> entries(long lo, long hi, long maxSize) {
		long offset = this.ents.get(0).getIndex();
		if (lo <= offset) {
			throw new StorageException.Compacted();
		}
		if (hi > lastIndexLocked() + 1) {
			throw this.logger.panicf("entries' hi(%d) is out of bound lastindex(%d)", hi, lastIndexLocked());
		}
		if (this.ents.size() == 1) {
			throw new StorageException.Unavailable();
		}
		return new ArrayList<>(
				Messages.limitSize(this.ents.subList((int) (lo - offset), (int) (hi - offset)), maxSize));
	}

	@Override
	public synchronized long term(long i) {
		long offset = this.ents.get(0).getIndex();
		if (i < offset) {
			throw new StorageException.Compacted();
		}
		if (i - offset >= this.ents.size()) {
			throw new StorageException.Unavailable();
		}
		return this.ents.get((int) (i - offset)).getTerm();
	}

	@Override
	public synchronized long lastIndex() {
		return lastIndexLocked();
	}

	private long lastIndexLocked() {
		return this.ents.get(0).getIndex() + this.ents.size() - 1;
	}

	@Override
	public synchronized long firstIndex() {
		return firstIndexLocked();
	}

	private long firstIndexLocked() {
		return this.ents.get(0).getIndex() + 1;
	}

	@Override
	public synchronized Snapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Replaces the whole content with the snapshot.
	 * @throws StorageException.SnapshotOutOfDate if it is not newer than the current one (an index-0
	 * snapshot carrying only a configuration is accepted on an empty storage: no snapshot, no entries)
	 */
	public synchronized void applySnapshot(Snapshot snap) {
		long msIndex = this.snapshot.getMetadata().getIndex();
		long snapIndex = snap.getMetadata().getIndex();
		boolean bootstrap = snapIndex == 0 && this.ents.size() == 1
				&& this.snapshot.equals(Snapshot.getDefaultInstance());
		if (msIndex >= snapIndex && !bootstrap) {
			throw new StorageException.SnapshotOutOfDate();
		}
		this.snapshot = snap;
		this.ents = new ArrayList<>(List.of(dummy(snap.getMetadata().getTerm(), snapIndex)));
	}

	/**
	 * Records a snapshot of the state at entry {@code i} (which must be in the log), with the given
	 * configuration (kept from the previous snapshot when null) and state machine data; the log is
	 * not compacted (see {@link #compact(long)}).
	 * @throws StorageException.SnapshotOutOfDate if {@code i} is not past the current snapshot
	 */
	public synchronized Snapshot createSnapshot(long i, @Nullable ConfState cs, ByteString data) {
		if (i <= this.snapshot.getMetadata().getIndex()) {
			throw new StorageException.SnapshotOutOfDate();
		}
		long offset = this.ents.get(0).getIndex();
		if (i > lastIndexLocked()) {
			throw this.logger.panicf("snapshot %d is out of bound lastindex(%d)", i, lastIndexLocked());
		}
		SnapshotMetadata.Builder metadata = this.snapshot.getMetadata().toBuilder()
			.setIndex(i)
			.setTerm(this.ents.get((int) (i - offset)).getTerm());
		if (cs != null) {
			metadata.setConfState(cs);
		}
		this.snapshot = Snapshot.newBuilder().setData(data).setMetadata(metadata).build();
		return this.snapshot;
	}

	/**
	 * Discards the entries up to and including {@code compactIndex}, which becomes the new dummy:
	 * the first index becomes {@code compactIndex + 1}.
	 * @throws StorageException.Compacted if it was already discarded
	 */
	public synchronized void compact(long compactIndex) {
		long offset = this.ents.get(0).getIndex();
		if (compactIndex <= offset) {
			throw new StorageException.Compacted();
		}
		if (compactIndex > lastIndexLocked()) {
			throw this.logger.panicf("compact %d is out of bound lastindex(%d)", compactIndex, lastIndexLocked());
		}
		int i = (int) (compactIndex - offset);
		Entry point = this.ents.get(i);
		List<Entry> kept = new ArrayList<>(this.ents.size() - i);
		kept.add(dummy(point.getTerm(), point.getIndex()));
		kept.addAll(this.ents.subList(i + 1, this.ents.size()));
		this.ents = kept;
	}

	/**
	 * Appends entries, which must be contiguous: already compacted ones are skipped, and entries
	 * from the first one's index on are replaced.
	 */
	public synchronized void append(List<Entry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		long first = firstIndexLocked();
		long last = entries.get(0).getIndex() + entries.size() - 1;
		if (last < first) {
			return;
		}
		if (first > entries.get(0).getIndex()) {
			entries = entries.subList((int) (first - entries.get(0).getIndex()), entries.size());
		}
		long offset = entries.get(0).getIndex() - this.ents.get(0).getIndex();
		if (this.ents.size() > offset) {
			this.ents.subList((int) offset, this.ents.size()).clear();
			this.ents.addAll(entries);
		}
		else if (this.ents.size() == offset) {
			this.ents.addAll(entries);
		}
		else {
			throw this.logger.panicf("missing log entry [last: %d, append at: %d]", lastIndexLocked(),
					entries.get(0).getIndex());
		}
	}

	private static Entry dummy(long term, long index) {
		return Entry.newBuilder().setTerm(term).setIndex(index).build();
	}

}
