package org.raftboot.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Reads a request body as a value, refusing more than {@code kv.max-value-size} bytes: every value
 * travels through the log and every snapshot, so an unbounded one would hurt the whole cluster. A body
 * that is not UTF-8 is refused too, rather than stored with replacement characters that the client
 * never sent.
 */
@Component
class ValueReader {

	private final int limit;

	ValueReader(@Value("${kv.max-value-size:1MB}") DataSize maxValueSize) {
		this.limit = Math.toIntExact(maxValueSize.toBytes());
	}

	String read(InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(this.limit + 1);
		if (bytes.length > this.limit) {
			throw new ValueTooLargeException(this.limit);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("the value is not valid UTF-8 text");
		}
	}

}
