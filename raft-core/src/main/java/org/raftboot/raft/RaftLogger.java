package org.raftboot.raft;

/**
 * Where the algorithm's log lines go. Lines are part of the contract (etcd's conformance vectors
 * compare them), so every implementation receives exactly etcd's text.
 *
 * <p>Formats use {@link String#format} syntax. Ids are formatted with {@code %x}, which prints a
 * {@code long} as its unsigned 64-bit hexadecimal, as Go does; a value that can exceed
 * {@link Long#MAX_VALUE} is passed through {@link Long#toUnsignedString(long)} and {@code %s}.
 * The unformatted methods join their operands with single spaces (Go's {@code Println}).
 *
 * <p>{@code fatal} and {@code panic} log and then return the exception the caller throws:
 * {@code throw logger.panicf(...)}.
 */
public interface RaftLogger {

	boolean isDebugEnabled();

	void debug(Object... v);

	void debugf(String format, Object... args);

	void info(Object... v);

	void infof(String format, Object... args);

	void warning(Object... v);

	void warningf(String format, Object... args);

	void error(Object... v);

	void errorf(String format, Object... args);

	RaftPanicException fatal(Object... v);

	RaftPanicException fatalf(String format, Object... args);

	RaftPanicException panic(Object... v);

	RaftPanicException panicf(String format, Object... args);

}
