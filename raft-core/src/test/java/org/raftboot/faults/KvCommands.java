package org.raftboot.faults;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.jspecify.annotations.Nullable;
import org.raftboot.testkit.linearizability.Command;

/** The bytes of a write (put, delete or compare-and-set) in the replicated log. */
final class KvCommands {

	private KvCommands() {
	}

	static byte[] encode(Command command) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(command.kind().ordinal());
			out.writeUTF(command.key());
			writeOptional(out, command.value());
			writeOptional(out, command.expected());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static Command decode(byte[] data) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
			Command.Kind kind = Command.Kind.values()[in.readByte()];
			String key = in.readUTF();
			String value = readOptional(in);
			String expected = readOptional(in);
			return new Command(kind, key, value, expected);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeOptional(DataOutputStream out, @Nullable String text) throws IOException {
		out.writeBoolean(text != null);
		if (text != null) {
			out.writeUTF(text);
		}
	}

	private static @Nullable String readOptional(DataInputStream in) throws IOException {
		return in.readBoolean() ? in.readUTF() : null;
	}

}
