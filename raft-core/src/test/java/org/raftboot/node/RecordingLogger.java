package org.raftboot.node;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.raftboot.raft.RaftLogger;
import org.raftboot.raft.RaftPanicException;

/** Keeps every line, prefixed by its level, for tests that assert on what a node logged. */
final class RecordingLogger implements RaftLogger {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	List<String> lines() {
		return List.copyOf(this.lines);
	}

	private void record(String level, String text) {
		this.lines.add(level + " " + text);
	}

	private static String join(Object... v) {
		return Stream.of(v).map(String::valueOf).collect(Collectors.joining(" "));
	}

	@Override
	public boolean isDebugEnabled() {
		return true;
	}

	@Override
	public void debug(Object... v) {
		record("DEBUG", join(v));
	}

	@Override
	public void debugf(String format, Object... args) {
		record("DEBUG", String.format(format, args));
	}

	@Override
	public void info(Object... v) {
		record("INFO", join(v));
	}

	@Override
	public void infof(String format, Object... args) {
		record("INFO", String.format(format, args));
	}

	@Override
	public void warning(Object... v) {
		record("WARN", join(v));
	}

	@Override
	public void warningf(String format, Object... args) {
		record("WARN", String.format(format, args));
	}

	@Override
	public void error(Object... v) {
		record("ERROR", join(v));
	}

	@Override
	public void errorf(String format, Object... args) {
		record("ERROR", String.format(format, args));
	}

	@Override
	public RaftPanicException fatal(Object... v) {
		record("FATAL", join(v));
		return new RaftPanicException(join(v));
	}

	@Override
	public RaftPanicException fatalf(String format, Object... args) {
		record("FATAL", String.format(format, args));
		return new RaftPanicException(String.format(format, args));
	}

	@Override
	public RaftPanicException panic(Object... v) {
		record("PANIC", join(v));
		return new RaftPanicException(join(v));
	}

	@Override
	public RaftPanicException panicf(String format, Object... args) {
		record("PANIC", String.format(format, args));
		return new RaftPanicException(String.format(format, args));
	}

}
