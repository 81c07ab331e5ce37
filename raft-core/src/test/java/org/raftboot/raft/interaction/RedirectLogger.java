package org.raftboot.raft.interaction;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.RaftPanicException;

/**
 * The log of the nodes under test and the output of the driver, in one buffer: etcd's transcripts
 * interleave both. Lines are {@code LEVEL message} (no timestamp); the threshold {@code NONE}
 * (quiet) suppresses every write, the driver's included.
 */
final class RedirectLogger implements RaftLogger {

	static final List<String> LEVEL_NAMES = List.of("DEBUG", "INFO", "WARN", "ERROR", "FATAL", "NONE");

	private static final int DEBUG = 0;

	private static final int INFO = 1;

	private static final int WARN = 2;

	private static final int ERROR = 3;

	private static final int FATAL = 4;

	private static final int NONE = 5;

	private StringBuilder builder = new StringBuilder();

	/** Messages at this level or above are written. */
	int level = DEBUG;

	boolean quiet() {
		return this.level == NONE;
	}

	/** Writes driver output unless quiet. */
	void write(String s) {
		if (!quiet()) {
			this.builder.append(s);
		}
	}

	/** Replaces the buffer (to indent what a nested step writes) and returns the previous one. */
	StringBuilder swap(StringBuilder replacement) {
		StringBuilder previous = this.builder;
		this.builder = replacement;
		return previous;
	}

	void reset() {
		this.builder = new StringBuilder();
	}

	String output() {
		return this.builder.toString();
	}

	private void printf(int lvl, String format, Object... args) {
		if (this.level <= lvl) {
			write(LEVEL_NAMES.get(lvl) + " " + String.format(format, args));
			if (!format.isEmpty() && !format.endsWith("\n")) {
				write("\n");
			}
		}
	}

	private void println(int lvl, Object... v) {
		if (this.level <= lvl) {
			write(LEVEL_NAMES.get(lvl) + " " + join(v) + "\n");
		}
	}

	private static String join(Object... v) {
		return Arrays.stream(v).map(String::valueOf).collect(Collectors.joining(" "));
	}

	@Override
	public boolean isDebugEnabled() {
		return this.level <= DEBUG;
	}

	@Override
	public void debug(Object... v) {
		println(DEBUG, v);
	}

	@Override
	public void debugf(String format, Object... args) {
		printf(DEBUG, format, args);
	}

	@Override
	public void info(Object... v) {
		println(INFO, v);
	}

	@Override
	public void infof(String format, Object... args) {
		printf(INFO, format, args);
	}

	@Override
	public void warning(Object... v) {
		println(WARN, v);
	}

	@Override
	public void warningf(String format, Object... args) {
		printf(WARN, format, args);
	}

	@Override
	public void error(Object... v) {
		println(ERROR, v);
	}

	@Override
	public void errorf(String format, Object... args) {
		printf(ERROR, format, args);
	}

	@Override
	public RaftPanicException fatal(Object... v) {
		println(FATAL, v);
		return new RaftPanicException(join(v));
	}

	@Override
	public RaftPanicException fatalf(String format, Object... args) {
		printf(FATAL, format, args);
		return new RaftPanicException(String.format(format, args));
	}

	@Override
	public RaftPanicException panic(Object... v) {
		return fatal(v);
	}

	@Override
	public RaftPanicException panicf(String format, Object... args) {
		return fatalf(format, args);
	}

}
