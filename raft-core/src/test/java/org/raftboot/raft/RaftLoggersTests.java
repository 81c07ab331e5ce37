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
		DefaultRaftLogger logger = new DefaultRaftLogger(new RecordingLogger(lines, System.Logger.Level.INFO));
		logger.infof("%x became leader at term %d", 10L, 3L);
		logger.warning("a", 1, true);
		RaftPanicException ex = logger.panicf("index %d", 7);
		assertThat(ex).hasMessage("index 7");
		assertThat(logger.isDebugEnabled()).isFalse();
		logger.debugf("hidden %d", 1);
		assertThat(lines).containsExactly("INFO a became leader at term 3", "WARNING a 1 true", "ERROR index 7");
	}

	@Test
	void everyLevelMapsToItsSystemLoggerLevelAndFatalAndPanicAreErrorsThatReturnTheirException() {
		List<String> lines = new ArrayList<>();
		DefaultRaftLogger logger = new DefaultRaftLogger(new RecordingLogger(lines, System.Logger.Level.ALL));
		assertThat(logger.isDebugEnabled()).isTrue();
		logger.debug("d", 1);
		logger.debugf("d%d", 2);
		logger.info("i", 1);
		logger.infof("i%d", 2);
		logger.warning("w", 1);
		logger.warningf("w%d", 2);
		logger.error("e", 1);
		logger.errorf("e%d", 2);
		assertThat(logger.fatal("f", 1)).isInstanceOf(RaftPanicException.class).hasMessage("f 1");
		assertThat(logger.fatalf("f%d", 2)).hasMessage("f2");
		assertThat(logger.panic("p", 1)).hasMessage("p 1");
		assertThat(logger.panicf("p%d", 2)).hasMessage("p2");
		assertThat(lines).containsExactly("DEBUG d 1", "DEBUG d2", "INFO i 1", "INFO i2", "WARNING w 1", "WARNING w2",
				"ERROR e 1", "ERROR e2", "ERROR f 1", "ERROR f2", "ERROR p 1", "ERROR p2");
	}

	@Test
	void theDiscardLoggerStillReportsPanics() {
		DiscardRaftLogger logger = new DiscardRaftLogger();
		logger.errorf("ignored %d", 1);
		assertThat(logger.isDebugEnabled()).isFalse();
		assertThat(logger.panicf("broken %s", "invariant")).hasMessage("broken invariant");
		assertThat(logger.fatal("a", "b")).hasMessage("a b");
	}

	/** Records lines at {@code min} and above. */
	private record RecordingLogger(List<String> lines, Level min) implements System.Logger {

		@Override
		public String getName() {
			return "test";
		}

		@Override
		public boolean isLoggable(Level level) {
			return level.getSeverity() >= this.min.getSeverity();
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
