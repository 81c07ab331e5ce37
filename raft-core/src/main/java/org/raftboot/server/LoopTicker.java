package org.raftboot.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.raftboot.node.Node;

/**
 * Ticks a replica whose node runs on the transport's event loop, from that event loop, waking it
 * only for a tick that matters: every interval while the server is {@code busy} (requests pending:
 * their timeouts, read rounds, the lease), else at the tick where raft would act, as the node
 * reports ({@link Node#ticksUntilTimeout()}: every heartbeat interval on a leader, the election
 * timeout on a follower). Ticks are counted on a grid of the interval from the clock; those that
 * elapsed meanwhile are given to the node at each timer run and before each inbound message
 * ({@link #catchUp()}), so raft sees every tick, in order, before anything that happened after it.
 * An idle follower's event loop then wakes for its leader's heartbeats alone, and a leader's tick
 * and its heartbeats are one wake-up.
 *
 * <p>Confined to the event loop, except {@link #stop()}.
 */
final class LoopTicker implements Runnable {

	/** Runs a task on the event loop after a delay. */
	interface Timer {

		Future<?> schedule(Runnable task, long delayNanos);
	}

	private final Executor loop;

	private final Timer timer;

	private final Node node;

	private final long period;

	private final LongSupplier clock;

	private final BooleanSupplier busy;

	/** The server's own work for a number of ticks given at once. */
	private final IntConsumer serverTicks;

	/** The time of tick 0, on the grid of the interval (as {@link TickTimer}'s). */
	private final long origin;

	/** Ticks given to the node so far. */
	private long given;

	private @Nullable Future<?> armed;

	/** The tick the timer is armed for, or {@link Long#MAX_VALUE}. */
	private long armedFor = Long.MAX_VALUE;

	private boolean stopped;

	LoopTicker(ScheduledExecutorService loop, Node node, Duration interval, LongSupplier clock, BooleanSupplier busy,
			IntConsumer serverTicks) {
		this(loop, (task, delay) -> loop.schedule(task, delay, TimeUnit.NANOSECONDS), node, interval, clock, busy,
				serverTicks);
	}

	LoopTicker(Executor loop, Timer timer, Node node, Duration interval, LongSupplier clock, BooleanSupplier busy,
			IntConsumer serverTicks) {
		this.loop = loop;
		this.timer = timer;
		this.node = node;
		this.period = interval.toNanos();
		this.clock = clock;
		this.busy = busy;
		this.serverTicks = serverTicks;
		long now = clock.getAsLong();
		this.origin = now - Math.floorMod(now, this.period);
	}

	/** Arms the first tick, and a look after each turn of the node's loop. */
	void start() {
		this.node.afterEachTurn(this::rearm);
		this.loop.execute(this::rearm);
	}

	/** Gives the node (and the server) the ticks that elapsed up to now. */
	void catchUp() {
		long due = (this.clock.getAsLong() - this.origin) / this.period;
		if (due <= this.given || this.stopped) {
			return;
		}
		int n = (int) Math.min(due - this.given, Integer.MAX_VALUE);
		this.given = due;
		for (int i = 0; i < n; i++) {
			this.node.tick();
		}
		this.serverTicks.accept(n);
	}

	/** The timer: the ticks due, then the next one that matters. */
	@Override
	public void run() {
		this.armed = null;
		this.armedFor = Long.MAX_VALUE;
		catchUp();
		rearm();
	}

	/** Arms the timer for the next tick that matters, unless it is armed for that one or an earlier one. */
	void rearm() {
		if (this.stopped) {
			return;
		}
		long next = this.given + (this.busy.getAsBoolean() ? 1 : Math.max(1, this.node.ticksUntilTimeout()));
		if (next >= this.armedFor) {
			return;
		}
		Future<?> earlier = this.armed;
		if (earlier != null) {
			earlier.cancel(false);
		}
		this.armedFor = next;
		this.armed = this.timer.schedule(this, this.origin + next * this.period - this.clock.getAsLong());
	}

	/** Stops ticking (any thread). */
	void stop() {
		try {
			this.loop.execute(() -> {
				this.stopped = true;
				Future<?> pending = this.armed;
				if (pending != null) {
					pending.cancel(false);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// The event loop is gone, and its timers with it.
		}
	}
}
