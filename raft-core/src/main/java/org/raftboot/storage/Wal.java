package org.raftboot.storage;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.pb.Entry;

/**
 * The write-ahead log: numbered segments, each starting with a {@link Checkpoint} record, written
 * at the tail of the newest one. A batch that does not fit in the rest of a segment starts the
 * next one (a batch never spans two segments). A record's position is its segment's sequence
 * number and its offset in that segment, packed into one {@code long}.
 */
final class Wal implements Closeable {

	private static final System.Logger LOG = System.getLogger("org.raftboot.storage");

	private static final int OFFSET_BITS = 40;

	/**
	 * The largest batch encoded in a buffer kept from one append to the next: a save of a loaded
	 * server allocates nothing for its bytes, and an outsized one does not pin its size.
	 */
	private static final int MAX_KEPT_BUFFER = 1 << 20;

	private final Path dir;

	private final long segmentSize;

	private final boolean fsync;

	/**
	 * Oldest first. Readers (under the storage's monitor) look segments up while a writer may start
	 * the next one outside it: a copy-on-write list, changed a few times per segment.
	 */
	private final List<Segment> segments;

	private final SegmentAllocator allocator;

	private final SegmentReclaimer reclaimer = new SegmentReclaimer();

	/**
	 * Where {@link #append} encodes its batch (the writer's only). The batch is still in it when a
	 * roll writes the next segment's checkpoint, which is therefore encoded into an array of its own.
	 */
	private byte[] buffer = new byte[1 << 12];

	private long writeOffset;

	/**
	 * Where the active segment's own records start (after its checkpoint); 0 for a segment found at
	 * open, so that a batch that does not fit starts a new one.
	 */
	private long dataStart;

	private boolean dirty;

	/** Segments before a gap in the numbering, not part of the log. */
	private final List<Path> stale;

	private Wal(Path dir, long segmentSize, boolean fsync, List<Segment> segments, long writeOffset,
			List<Path> stale) {
		this.dir = dir;
		this.segmentSize = segmentSize;
		this.fsync = fsync;
		this.segments = new CopyOnWriteArrayList<>(segments);
		this.writeOffset = writeOffset;
		this.stale = stale;
		this.allocator = new SegmentAllocator(dir, segmentSize, fsync);
	}

	/**
	 * Replays the segments into {@code visitor}, oldest first, and cuts a torn record off the tail.
	 * Segments older than a gap in the numbering are the remains of an interrupted deletion: they
	 * are skipped, and deleted by {@link #deleteStale()} once the caller trusts the rest.
	 */
	static Wal open(Path dir, long segmentSize, boolean fsync, SegmentScanner.Visitor visitor) throws IOException {
		deletePreallocated(dir);
		List<Long> seqs = listSequences(dir);
		int from = seqs.size() - 1;
		while (from > 0 && seqs.get(from - 1) == seqs.get(from) - 1) {
			from--;
		}
		List<Path> stale = new ArrayList<>();
		for (int k = 0; k < from; k++) {
			stale.add(dir.resolve(Segment.fileName(seqs.get(k))));
		}
		List<Segment> segments = new ArrayList<>();
		try {
			long writeOffset = 0;
			for (int k = Math.max(from, 0); k < seqs.size(); k++) {
				Segment segment = Segment.open(dir, seqs.get(k));
				segments.add(segment);
				boolean last = k == seqs.size() - 1;
				MappedByteBuffer content = segment.map();
				SegmentScanner.Result result;
				try {
					// The visitor copies what it keeps: nothing refers to the mapping after the scan.
					result = SegmentScanner.scan(segment, content, last, visitor);
				}
				finally {
					Unmapper.unmap(content);
				}
				if (result.records() == 0 && !last) {
					throw new CorruptedStorageException(segment.path, 0, "segment holds no records");
				}
				if (result.torn()) {
					LOG.log(Level.WARNING, "Truncating a torn record at the tail of {0}: {1} bytes from offset {2}",
							segment.path, result.tornEnd() - result.end(), result.end());
					segment.zero(result.end(), result.tornEnd());
					if (fsync) {
						segment.force(false);
					}
				}
				writeOffset = result.end();
			}
			return new Wal(dir, segmentSize, fsync, segments, writeOffset, stale);
		}
		catch (IOException | RuntimeException ex) {
			for (Segment segment : segments) {
				segment.close();
			}
			throw ex;
		}
	}

	private static void deletePreallocated(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.filter((f) -> Segment.isPreallocated(f.getFileName().toString())).toList()) {
				Files.delete(file);
			}
		}
	}

	private static List<Long> listSequences(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map((file) -> Segment.parseSeq(file.getFileName().toString()))
				.filter((seq) -> seq >= 0)
				.sorted()
				.toList();
		}
	}

	/** Deletes the segments found before a gap in the numbering at open. */
	void deleteStale() throws IOException {
		for (Path segment : this.stale) {
			LOG.log(Level.INFO, "Deleting WAL segment {0}, left over from an interrupted compaction", segment);
			Files.deleteIfExists(segment);
		}
		this.stale.clear();
	}

	/** Whether the log has no segment with a checkpoint yet (new, or cut at its first record). */
	boolean needsCheckpoint() {
		return this.segments.isEmpty() || this.writeOffset == 0;
	}

	/** Writes the first checkpoint of a new log, or of a last segment that lost its own. */
	void start(byte[] checkpoint) throws IOException {
		if (this.segments.isEmpty()) {
			this.segments.add(this.allocator.take(0));
		}
		writeCheckpoint(checkpoint);
	}

	/**
	 * Writes a batch at the tail, starting a new segment first if it does not fit; not yet durable
	 * (see {@link #sync()}).
	 * @param offsets receives each record's offset relative to the returned position
	 * @param checkpoint the current state, in case a new segment is started
	 * @return the position of the batch's first record
	 */
	long append(RecordBatch batch, long[] offsets, Supplier<byte[]> checkpoint) throws IOException {
		int size = batch.size();
		if (size > this.buffer.length && size <= MAX_KEPT_BUFFER) {
			this.buffer = new byte[Math.min(MAX_KEPT_BUFFER, Math.max(size, 2 * this.buffer.length))];
		}
		ByteBuffer records = batch.encode(offsets, this.buffer);
		if (this.writeOffset + records.remaining() > this.segmentSize && this.writeOffset > this.dataStart) {
			roll(checkpoint.get());
		}
		long at = this.writeOffset;
		active().write(records, at);
		this.writeOffset += batch.size();
		this.dirty = true;
		if (this.writeOffset > this.segmentSize / 2) {
			this.allocator.prepare(active().seq + 1);
		}
		return position(active().seq, at);
	}

	/** Makes everything appended so far durable (when fsync is on): one sync of the active segment. */
	void sync() throws IOException {
		if (this.dirty && this.fsync) {
			active().force(false);
		}
		this.dirty = false;
	}

	private void roll(byte[] checkpoint) throws IOException {
		Segment full = active();
		full.truncate(this.writeOffset);
		if (this.fsync) {
			full.force(true);
		}
		this.segments.add(this.allocator.take(full.seq + 1));
		this.writeOffset = 0;
		writeCheckpoint(checkpoint);
		LOG.log(Level.DEBUG, "Started WAL segment {0}", active().path);
	}

	private void writeCheckpoint(byte[] checkpoint) throws IOException {
		RecordBatch batch = new RecordBatch().add(RecordType.CHECKPOINT, checkpoint);
		active().write(batch.encode(new long[1]), 0);
		this.writeOffset = batch.size();
		this.dataStart = this.writeOffset;
		if (this.fsync) {
			active().force(false);
			Directories.force(this.dir);
		}
	}

	/**
	 * Reads the entries {@code [from, to)}, whose records lie back to back from {@code position}
	 * over {@code bytes} bytes, into {@code out} with one read. Each record is checked again against
	 * its CRC, and each entry against the index and term the log expects there.
	 */
	void readEntries(long position, int bytes, long from, long to, EntryIndex index, List<Entry> out)
			throws IOException {
		Segment segment = segment(seqOf(position));
		long start = position & ((1L << OFFSET_BITS) - 1);
		ByteBuffer records = ByteBuffer.allocate(bytes);
		segment.read(records, start);
		records.flip();
		int p = 0;
		for (long i = from; i < to; i++) {
			int length = index.size(i);
			@Nullable String failure = RecordFormat.verify(records, p);
			if (failure == null && (records.getInt(p) != length || records.get(p + RecordFormat.TYPE_OFFSET) != RecordType.ENTRY.code)) {
				failure = "expected an entry record of " + length + " bytes";
			}
			if (failure == null) {
				ByteBuffer payload = records.duplicate().position(p + RecordFormat.HEADER)
					.limit(p + RecordFormat.HEADER + length);
				Entry entry = Entry.parseFrom(payload);
				if (entry.getIndex() == i && entry.getTerm() == index.term(i)) {
					out.add(entry);
					p += RecordFormat.size(length);
					continue;
				}
				failure = "expected entry " + i + " of term " + index.term(i) + ", found entry " + entry.getIndex()
						+ " of term " + entry.getTerm();
			}
			throw new CorruptedStorageException(segment.path, start + p, failure);
		}
	}

	/** Whether the directory held no log when it was opened. */
	boolean isNew() {
		return this.segments.isEmpty();
	}

	/** The oldest segment, which holds the checkpoint the log starts from. */
	Path firstSegment() {
		return this.segments.get(0).path;
	}

	/**
	 * Takes the segments older than {@code seq} (never the active one) out of the log; they are
	 * deleted in the background ({@link SegmentReclaimer}).
	 */
	void releaseBefore(long seq) {
		List<Segment> released = new ArrayList<>();
		while (this.segments.size() > 1 && this.segments.get(0).seq < seq) {
			released.add(this.segments.remove(0));
		}
		this.reclaimer.delete(released);
	}

	long activeSeq() {
		return active().seq;
	}

	int segmentCount() {
		return this.segments.size();
	}

	static long position(long seq, long offset) {
		return (seq << OFFSET_BITS) | offset;
	}

	static long seqOf(long position) {
		return position >>> OFFSET_BITS;
	}

	private Segment segment(long seq) {
		return this.segments.get((int) (seq - this.segments.get(0).seq));
	}

	private Segment active() {
		return this.segments.get(this.segments.size() - 1);
	}

	@Override
	public void close() throws IOException {
		@Nullable IOException failure = null;
		try {
			this.allocator.close();
		}
		catch (IOException ex) {
			failure = ex;
		}
		this.reclaimer.close();
		for (Segment segment : this.segments) {
			try {
				segment.close();
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
