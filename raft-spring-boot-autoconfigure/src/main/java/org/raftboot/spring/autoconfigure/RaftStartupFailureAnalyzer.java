package org.raftboot.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link RaftStartupException} anywhere in a start-up failure into its description and action.
 */
class RaftStartupFailureAnalyzer extends AbstractFailureAnalyzer<RaftStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RaftStartupException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
