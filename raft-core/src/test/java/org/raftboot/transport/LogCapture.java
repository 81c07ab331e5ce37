package org.raftboot.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the records a JDK logger (the default backend of {@code System.Logger}) publishes. */
final class LogCapture extends Handler implements AutoCloseable {

	private final Logger logger;

	final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private LogCapture(Logger logger) {
		this.logger = logger;
	}

	static LogCapture of(Class<?> source) {
		return on(Logger.getLogger(source.getName()));
	}

	/** What every logger of the JVM publishes (through the root logger): Netty's and the JDK's too. */
	static LogCapture everything() {
		return on(Logger.getLogger(""));
	}

	private static LogCapture on(Logger logger) {
		LogCapture capture = new LogCapture(logger);
		logger.addHandler(capture);
		return capture;
	}

	/** The records of level WARNING or above. */
	List<LogRecord> warnings() {
		return this.records.stream().filter((r) -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
	}

	@Override
	public void publish(LogRecord logRecord) {
		this.records.add(logRecord);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		this.logger.removeHandler(this);
	}
}
