package org.raftboot.sample;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Length-prefixed UTF-8 strings, shared by the command format and the snapshot format so that both
 * read back exactly what they wrote, whatever the size (unlike {@code writeUTF}, capped at 64 KiB).
 */
final class WireStrings {

	private WireStrings() {
	}

	static void write(DataOutput out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	static String read(DataInput in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			throw new IOException("Negative string length " + length);
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
