package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryLogTests {

	@TempDir
	Path scratch;

	@Test
	void theLogIsWrittenOnceAndReopensAtItsLastIndex() throws IOException {
		Path dir = this.scratch.resolve("log");
		assertThat(RecoveryLog.writeIfAbsent(dir, 25_000, 16)).isTrue();
		assertThat(RecoveryLog.writeIfAbsent(dir, 25_000, 16)).isFalse();
		assertThat(RecoveryLog.reopen(dir)).isEqualTo(25_000);
		assertThat(this.scratch.resolve("log.partial")).doesNotExist();
	}

	@Test
	void aPartialLogLeftByARunCutShortIsWrittenAnew() throws IOException {
		Path partial = Files.createDirectories(this.scratch.resolve("log.partial"));
		Files.writeString(partial.resolve("torn"), "left by a run cut short");
		Path dir = this.scratch.resolve("log");
		assertThat(RecoveryLog.writeIfAbsent(dir, 100, 16)).isTrue();
		assertThat(dir.resolve("torn")).doesNotExist();
		assertThat(RecoveryLog.reopen(dir)).isEqualTo(100);
	}
}
