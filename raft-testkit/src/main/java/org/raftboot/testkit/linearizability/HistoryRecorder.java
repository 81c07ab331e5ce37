package org.raftboot.testkit.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Records invocations and completions from many client threads into a {@link History}. Call
 * {@link #invoke} just before the request leaves and complete the returned {@link PendingOperation}
 * as soon as the answer arrives, so that each operation's interval contains its real effect.
 *
 * <p>Thread-safe. Timestamps come from {@link System#nanoTime()} unless a clock is injected (tests use a
 * logical one); the clock must never go backwards.
 */
public final class HistoryRecorder {

	private final LongSupplier clock;

	private final Queue<PendingOperation> operations = new ConcurrentLinkedQueue<>();

	public HistoryRecorder() {
		this(System::nanoTime);
	}

	public HistoryRecorder(LongSupplier clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Stamps the invocation of {@code command} by {@code clientId}; complete the result when it comes. */
	public PendingOperation invoke(int clientId, Command command) {
		PendingOperation operation = new PendingOperation(clientId, command, this.clock.getAsLong(), this.clock);
		this.operations.add(operation);
		return operation;
	}

	/**
	 * What has been recorded so far. Operations not completed yet (or whose client gave up) have an
	 * unknown outcome.
	 */
	public History history() {
		List<Operation> recorded = new ArrayList<>();
		for (PendingOperation operation : this.operations) {
			recorded.add(operation.toOperation());
		}
		return History.of(recorded);
	}

}
