package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class KvCommandTests {

	@Test
	void everyCommandDecodesToWhatWasEncoded() {
		String large = "é".repeat(70_000);
		for (KvCommand command : new KvCommand[] { KvCommand.put("k", "v"), KvCommand.put("", ""),
				KvCommand.put("ключ", large), KvCommand.delete("gone"), KvCommand.compareAndSet("c", "1", "2"),
				KvCommand.compareAndSet("c", "", "") }) {
			assertThat(KvCommand.decode(command.encode())).isEqualTo(command);
		}
	}

	@Test
	void encodingIsCompact() {
		assertThat(KvCommand.put("key", "value").encode()).hasSize(1 + 4 + 3 + 4 + 5);
		assertThat(KvCommand.delete("key").encode()).hasSize(1 + 4 + 3);
	}

	@Test
	void unknownOrTruncatedBytesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> KvCommand.decode(new byte[] { 9, 0, 0, 0, 0 }));
		byte[] put = KvCommand.put("key", "value").encode();
		assertThatIllegalArgumentException().isThrownBy(() -> KvCommand.decode(java.util.Arrays.copyOf(put, put.length - 1)));
	}

}
