package org.raftboot.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OpenOnceTests {

	@TempDir
	Path dir;

	@Test
	void aFreshJvmReopensTheLogAndTellsHowLongItTook() throws IOException, InterruptedException {
		RecoveryLog.write(this.dir, 1000, 16);
		assertThat(OpenOnce.inFreshJvm(this.dir, 1000)).isPositive();
	}

	@Test
	void aReopenThatFindsAnotherLastIndexIsAFailureNotAFigure() throws IOException {
		RecoveryLog.write(this.dir, 1000, 16);
		assertThatIllegalStateException().isThrownBy(() -> OpenOnce.inFreshJvm(this.dir, 999))
			.withMessageContaining("1000");
	}
}
