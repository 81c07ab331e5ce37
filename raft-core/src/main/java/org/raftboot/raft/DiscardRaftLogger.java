package org.raftboot.raft;

/**
 * Drops every line (etcd's discard logger), for benchmarks and tests that do not look at logs.
 * Fatal and panic still produce the exception carrying the message.
 */
public final class DiscardRaftLogger implements RaftLogger {

	@Override
	public boolean isDebugEnabled() {
		return false;
	}

	@Override
	public void debug(Object... v) {
	}

	@Override
	public void debugf(String format, Object... args) {
	}

	@Override
	public void info(Object... v) {
	}

	@Override
	public void infof(String format, Object... args) {
	}

	@Override
	public void warning(Object... v) {
	}

	@Override
	public void warningf(String format, Object... args) {
	}

	@Override
	public void error(Object... v) {
	}

	@Override
	public void errorf(String format, Object... args) {
	}

	@Override
	public RaftPanicException fatal(Object... v) {
		return new RaftPanicException(DefaultRaftLogger.join(v));
	}

	@Override
	public RaftPanicException fatalf(String format, Object... args) {
		return new RaftPanicException(String.format(format, args));
	}

	@Override
	public RaftPanicException panic(Object... v) {
		return new RaftPanicException(DefaultRaftLogger.join(v));
	}

	@Override
	public RaftPanicException panicf(String format, Object... args) {
		return new RaftPanicException(String.format(format, args));
	}

}
