package org.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import com.google.protobuf.CodedOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The byte layout of one WAL record (big-endian):
 *
 * <pre>
 * int   length       payload length
 * int   ~length      detects a damaged length before it is trusted
 * byte  type         a {@link RecordType} code
 * byte[length]       payload
 * int   crc          CRC32C over type, length and payload
 * byte  0xA5         end mark: a complete record never ends in zeros
 * </pre>
 *
 * A pre-allocated segment is zero-filled, so the first all-zero position after the last record is
 * the end of the log, and a record cut short by a crash runs into zeros (or the end of the file)
 * before its end mark.
 */
final class RecordFormat {

	static final int TYPE_OFFSET = 8;

	static final int HEADER = 9;

	static final int TRAILER = 5;

	static final byte END_MARK = (byte) 0xA5;

	private RecordFormat() {
	}

	static int size(int payloadLength) {
		return HEADER + payloadLength + TRAILER;
	}

	/** Writes a record's header; its {@code length} bytes of payload come next. */
	static void putHeader(CodedOutputStream out, RecordType type, int length) throws IOException {
		putInt(out, length);
		putInt(out, ~length);
		out.write(type.code);
	}

	/**
	 * Writes a record's trailer after its payload, which {@code out} wrote into {@code array} from
	 * {@code payloadStart} on.
	 */
	static void putTrailer(CodedOutputStream out, byte[] array, RecordType type, int payloadStart, int length)
			throws IOException {
		putInt(out, checksum(type.code, length, ByteBuffer.wrap(array, payloadStart, length)));
		out.write(END_MARK);
	}

	/** Big-endian, as the layout has it (protobuf's fixed32 is little-endian). */
	private static void putInt(CodedOutputStream out, int value) throws IOException {
		out.writeFixed32NoTag(Integer.reverseBytes(value));
	}

	/** CRC32C of the type, the length and the payload's remaining bytes (its position is kept). */
	static int checksum(byte type, int length, ByteBuffer payload) {
		CRC32C crc = new CRC32C();
		crc.update(type);
		crc.update(length >>> 24);
		crc.update(length >>> 16);
		crc.update(length >>> 8);
		crc.update(length);
		crc.update(payload.duplicate());
		return (int) crc.getValue();
	}

	/** Why the record at {@code p} of {@code file} (up to its limit) is not valid, or null if it is. */
	static @Nullable String verify(ByteBuffer file, int p) {
		int size = file.limit();
		if (size - p < HEADER) {
			return "incomplete record header";
		}
		int length = file.getInt(p);
		if (length < 0 || file.getInt(p + 4) != ~length) {
			return "damaged record header";
		}
		if (size - p - HEADER - TRAILER < length) {
			return "record of " + length + " bytes runs past the end of the file";
		}
		byte type = file.get(p + TYPE_OFFSET);
		int payloadStart = p + HEADER;
		ByteBuffer payload = file.duplicate().position(payloadStart).limit(payloadStart + length);
		if (file.getInt(payloadStart + length) != checksum(type, length, payload)) {
			return "checksum mismatch";
		}
		if (file.get(payloadStart + length + 4) != END_MARK) {
			return "missing end mark";
		}
		if (RecordType.of(type) == null) {
			return "unknown record type " + type;
		}
		return null;
	}

}
