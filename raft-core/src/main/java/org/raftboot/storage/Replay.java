package org.raftboot.storage;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

import com.google.protobuf.InvalidProtocolBufferException;
import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;
import org.raftboot.raft.pb.HardState;

/**
 * Rebuilds the log's state from the WAL's records at open: the entry index, the latest hard state
 * and the snapshot in force. A record that is intact but breaks the log's rules (an entry leaving a
 * gap, a segment not continuing its predecessor) is corruption.
 */
final class Replay implements SegmentScanner.Visitor {

	final EntryIndex index = new EntryIndex();

	HardState hardState = HardState.getDefaultInstance();

	/** The snapshot in force, or null for none. */
	@Nullable LogPoint snapshot;

	private boolean started;

	@Override
	public void record(Segment segment, long offset, RecordType type, ByteBuffer payload) {
		if ((offset == 0) != (type == RecordType.CHECKPOINT)) {
			throw new CorruptedStorageException(segment.path, offset,
					(offset == 0) ? "segment does not start with a checkpoint" : "checkpoint inside a segment");
		}
		try {
			apply(type, payload, segment, offset);
		}
		catch (InvalidProtocolBufferException | BufferUnderflowException | IllegalArgumentException ex) {
			throw new CorruptedStorageException(segment.path, offset,
					"undecodable " + type + " record: " + ex.getMessage());
		}
	}

	private void apply(RecordType type, ByteBuffer payload, Segment segment, long offset)
			throws InvalidProtocolBufferException {
		switch (type) {
			case CHECKPOINT -> checkpoint(Checkpoint.decode(payload), segment);
			case ENTRY -> entry(Entry.parseFrom(payload), payload.limit(), segment, offset);
			case HARD_STATE -> this.hardState = HardState.parseFrom(payload);
			case SNAPSHOT_APPLIED -> {
				this.snapshot = LogPoint.decode(payload);
				this.index.reset(this.snapshot.index(), this.snapshot.term());
			}
			case SNAPSHOT_CREATED -> this.snapshot = LogPoint.decode(payload);
			case COMPACTED -> compacted(LogPoint.decode(payload), segment, offset);
		}
	}

	private void checkpoint(Checkpoint checkpoint, Segment segment) {
		if (!this.started) {
			this.started = true;
			this.index.reset(checkpoint.offset().index(), checkpoint.offset().term());
			for (long i = checkpoint.offset().index(); i < checkpoint.lastIndex(); i++) {
				this.index.append(0, EntryIndex.MISSING, 0);
			}
			this.hardState = checkpoint.hardState();
			this.snapshot = checkpoint.snapshot();
		}
		else if (checkpoint.lastIndex() != this.index.lastIndex()
				|| checkpoint.offset().index() != this.index.offsetIndex()) {
			throw new CorruptedStorageException(segment.path, 0, "segment starts from log (" + checkpoint.offset().index()
					+ ", " + checkpoint.lastIndex() + "], but the segments before it end with log ("
					+ this.index.offsetIndex() + ", " + this.index.lastIndex() + "]");
		}
	}

	private void entry(Entry entry, int size, Segment segment, long offset) {
		long i = entry.getIndex();
		if (i <= this.index.offsetIndex() || i > this.index.lastIndex() + 1) {
			throw new CorruptedStorageException(segment.path, offset, "entry " + i + " does not continue the log ("
					+ this.index.offsetIndex() + ", " + this.index.lastIndex() + "]");
		}
		this.index.truncateFrom(i);
		this.index.append(entry.getTerm(), Wal.position(segment.seq, offset), size);
	}

	private void compacted(LogPoint point, Segment segment, long offset) {
		long i = point.index();
		if (i <= this.index.offsetIndex() || i > this.index.lastIndex()
				|| (this.index.position(i) != EntryIndex.MISSING && this.index.term(i) != point.term())) {
			throw new CorruptedStorageException(segment.path, offset, "compaction to " + point
					+ " does not fit the log (" + this.index.offsetIndex() + ", " + this.index.lastIndex() + "]");
		}
		this.index.compactTo(i, point.term());
	}

}
