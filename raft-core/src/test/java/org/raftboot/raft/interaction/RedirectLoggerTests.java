package org.raftboot.raft.interaction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedirectLoggerTests {

	private final RedirectLogger logger = new RedirectLogger();

	@Test
	void linesCarryTheLevelNameAndEndWithASingleNewline() {
		this.logger.infof("%x became leader at term %d", 10L, 2L);
		this.logger.warningf("already terminated\n");
		this.logger.error("ignoring", "MsgForgetLeader", 3);
		assertThat(this.logger.output())
			.isEqualTo("INFO a became leader at term 2\nWARN already terminated\nERROR ignoring MsgForgetLeader 3\n");
	}

	@Test
	void linesBelowTheThresholdAreDropped() {
		this.logger.level = 1;
		this.logger.debugf("hidden");
		this.logger.infof("shown");
		assertThat(this.logger.isDebugEnabled()).isFalse();
		assertThat(this.logger.output()).isEqualTo("INFO shown\n");
	}

	@Test
	void panicsAreLoggedAsFatalAndReturnedAsExceptions() {
		assertThat(this.logger.panicf("index %d out of range", 5)).hasMessage("index 5 out of range");
		assertThat(this.logger.output()).isEqualTo("FATAL index 5 out of range\n");
	}

	@Test
	void quietSuppressesEverything() {
		this.logger.level = 5;
		this.logger.errorf("nothing");
		this.logger.write("driver output");
		assertThat(this.logger.quiet()).isTrue();
		assertThat(this.logger.output()).isEmpty();
	}

}
