package org.raftboot.storage;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Reads the records of one segment at recovery and tells a crash from corruption. A record that
 * fails its checks is a torn write when the file holds nothing but zeros from inside that record to
 * its end (the write was cut short) and no valid record follows it; only the last segment may end
 * so. Any other damage stops the scan with a {@link CorruptedStorageException}.
 */
final class SegmentScanner {

	/** Receives each valid record; throws {@link CorruptedStorageException} if it breaks the log. */
	interface Visitor {

		void record(Segment segment, long offset, RecordType type, ByteBuffer payload);

	}

	/**
	 * How a segment ended.
	 * @param end where the valid records end (the next write goes there)
	 * @param records how many valid records were read
	 * @param tornEnd when a torn record was found at {@code end}: the end of the bytes it left behind
	 * (to be zeroed); otherwise equal to {@code end}
	 */
	record Result(long end, int records, long tornEnd) {

		boolean torn() {
			return this.tornEnd > this.end;
		}

	}

	private SegmentScanner() {
	}

	static Result scan(Segment segment, ByteBuffer file, boolean last, Visitor visitor) {
		int size = file.limit();
		int p = 0;
		int records = 0;
		int dataEnd = -1;
		while (p < size) {
			@Nullable String failure = RecordFormat.verify(file, p);
			if (failure == null) {
				int length = file.getInt(p);
				ByteBuffer payload = file.duplicate().position(p + RecordFormat.HEADER)
					.limit(p + RecordFormat.HEADER + length)
					.slice();
				visitor.record(segment, p, Objects.requireNonNull(RecordType.of(file.get(p + RecordFormat.TYPE_OFFSET))), payload);
				records++;
				p += RecordFormat.size(length);
				continue;
			}
			if (dataEnd < 0) {
				dataEnd = dataEnd(file);
			}
			if (dataEnd <= p) {
				break;
			}
			if (!last || dataEnd >= p + expectedSize(file, p) || writtenWhole(file, p, dataEnd)) {
				throw new CorruptedStorageException(segment.path, p, failure);
			}
			return new Result(p, records, dataEnd);
		}
		return new Result(p, records, p);
	}

	/** The size the record at {@code p} claims, or just its header's when that cannot be trusted. */
	private static long expectedSize(ByteBuffer file, int p) {
		if (file.limit() - p < RecordFormat.HEADER) {
			return RecordFormat.HEADER;
		}
		int length = file.getInt(p);
		if (length < 0 || file.getInt(p + 4) != ~length) {
			return RecordFormat.HEADER;
		}
		return (long) length + RecordFormat.HEADER + RecordFormat.TRAILER;
	}

	/**
	 * Whether the write that put the failing record at {@code p} did complete: a valid record follows
	 * it, or the bytes up to the last non-zero one hold the whole record but for its length fields.
	 * Then it was damaged afterwards (a length and its complement rewritten together can make a record
	 * claim to run into the zeros), not torn by a crash, and it and the records after it were
	 * acknowledged.
	 */
	private static boolean writtenWhole(ByteBuffer file, int p, int dataEnd) {
		ByteBuffer data = file.duplicate().limit(dataEnd);
		for (int q = p + 1; q <= dataEnd - RecordFormat.HEADER - RecordFormat.TRAILER; q++) {
			if (RecordFormat.verify(data, q) == null) {
				return true;
			}
		}
		int length = dataEnd - p - RecordFormat.HEADER - RecordFormat.TRAILER;
		if (length < 0 || file.get(dataEnd - 1) != RecordFormat.END_MARK) {
			return false;
		}
		int payloadStart = p + RecordFormat.HEADER;
		ByteBuffer payload = file.duplicate().position(payloadStart).limit(payloadStart + length);
		return file.getInt(payloadStart + length) == RecordFormat.checksum(file.get(p + RecordFormat.TYPE_OFFSET), length, payload);
	}

	/** One past the last non-zero byte of the file. */
	private static int dataEnd(ByteBuffer file) {
		int i = file.limit();
		while (i >= 8 && file.getLong(i - 8) == 0) {
			i -= 8;
		}
		while (i > 0 && file.get(i - 1) == 0) {
			i--;
		}
		return i;
	}

}
