package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

class ValueReaderTests {

	private final ValueReader reader = new ValueReader(DataSize.ofBytes(8));

	@Test
	void aValueUpToTheLimitIsReadAsUtf8Text() throws IOException {
		assertThat(this.reader.read(body("é😀ab".getBytes(StandardCharsets.UTF_8)))).isEqualTo("é😀ab");
		assertThat(this.reader.read(body(new byte[0]))).isEmpty();
	}

	@Test
	void aValueOverTheLimitIsRefused() {
		assertThatExceptionOfType(ValueTooLargeException.class).isThrownBy(() -> this.reader.read(body(new byte[9])));
	}

	/** Regression: such bodies were stored with U+FFFD in place of the bytes the client sent. */
	@Test
	void aBodyThatIsNotUtf8IsRefusedRatherThanStoredWithReplacementCharacters() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.read(body(new byte[] { 'a', (byte) 0xFF })))
			.withMessageContaining("UTF-8");
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.read(body(new byte[] { (byte) 0xC3, '(' })));
		assertThatIllegalArgumentException().isThrownBy(() -> this.reader.read(body(new byte[] { (byte) 0xE2, (byte) 0x82 })));
	}

	private static ByteArrayInputStream body(byte[] bytes) {
		return new ByteArrayInputStream(bytes);
	}

}
