package org.raftboot.raft;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The logger used when none is configured: the JDK's {@link System.Logger} named
 * {@code org.raftboot.raft}, so the algorithm needs no logging library and an application's
 * logging (for instance Spring Boot's) picks the lines up through the JDK bridge.
 */
public final class DefaultRaftLogger implements RaftLogger {

	private final System.Logger delegate;

	public DefaultRaftLogger() {
		this(System.getLogger("org.raftboot.raft"));
	}

	DefaultRaftLogger(System.Logger delegate) {
		this.delegate = delegate;
	}

	@Override
	public boolean isDebugEnabled() {
		return this.delegate.isLoggable(Level.DEBUG);
	}

	@Override
	public void debug(Object... v) {
		log(Level.DEBUG, join(v));
	}

	@Override
	public void debugf(String format, Object... args) {
		if (isDebugEnabled()) {
			log(Level.DEBUG, String.format(format, args));
		}
	}

	@Override
	public void info(Object... v) {
		log(Level.INFO, join(v));
	}

	@Override
	public void infof(String format, Object... args) {
		if (this.delegate.isLoggable(Level.INFO)) {
			log(Level.INFO, String.format(format, args));
		}
	}

	@Override
	public void warning(Object... v) {
		log(Level.WARNING, join(v));
	}

	@Override
	public void warningf(String format, Object... args) {
		log(Level.WARNING, String.format(format, args));
	}

	@Override
	public void error(Object... v) {
		log(Level.ERROR, join(v));
	}

	@Override
	public void errorf(String format, Object... args) {
		log(Level.ERROR, String.format(format, args));
	}

	@Override
	public RaftPanicException fatal(Object... v) {
		return failure(join(v));
	}

	@Override
	public RaftPanicException fatalf(String format, Object... args) {
		return failure(String.format(format, args));
	}

	@Override
	public RaftPanicException panic(Object... v) {
		return failure(join(v));
	}

	@Override
	public RaftPanicException panicf(String format, Object... args) {
		return failure(String.format(format, args));
	}

	private RaftPanicException failure(String message) {
		log(Level.ERROR, message);
		return new RaftPanicException(message);
	}

	private void log(Level level, String message) {
		this.delegate.log(level, message);
	}

	/** Go's {@code Println} joining: operands separated by single spaces. */
	static String join(Object... v) {
		return Arrays.stream(v).map(String::valueOf).collect(Collectors.joining(" "));
	}

}
