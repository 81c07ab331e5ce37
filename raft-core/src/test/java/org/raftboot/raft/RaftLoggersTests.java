package org.raftboot.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RaftLoggersTests {

	@Test
	void theDefaultLoggerFormatsLinesAndTurnsPanicsIntoExceptions() {
		List<String> lines = new ArrayList<>();
		DefaultRaftLogger logger = new DefaultRaftLogger(new RecordingLogger(lines));
		logger.infof("%x became leader at term %d", 10L, 3L);
		logger.warning("a", 1, true);
		RaftPanicException ex = logger.panicf("index %d", 7);
		assertThat(ex).hasMessage("index 7");
		assertThat(logger.isDebugEnabled()).isFalse();
		logger.debugf("hidden %d", 1);
		assertThat(lines).containsExactly("INFO a became leader at term 3", "WARNING a 1 true", "ERROR index 7");
	}

	@Test
	void theDiscardLoggerStillReportsPanics() {
		DiscardRaftLogger logger = new DiscardRaftLogger();
		logger.errorf("ignored %d", 1);
		assertThat(logger.isDebugEnabled()).isFalse();
		assertThat(logger.panicf("broken %s", "invariant")).hasMessage("broken invariant");
		assertThat(logger.fatal("a", "b")).hasMessage("a b");
	}

	/** Records lines at INFO and above. */
	private record RecordingLogger(List<String> lines) implements System.Logger {

		@Override
		public String getName() {
			return "test";
		}

		@Override
		public boolean isLoggable(Level level) {
			return level.getSeverity() >= Level.INFO.getSeverity();
		}

		@Override
		public void log(Level level, String msg) {
			if (isLoggable(level)) {
				this.lines.add(level.getName() + " " + msg);
			}
		}

		@Override
		public void log(Level level, Supplier<String> msgSupplier) {
			log(level, msgSupplier.get());
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
			log(level, msg);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			log(level, format);
		}

	}

}
