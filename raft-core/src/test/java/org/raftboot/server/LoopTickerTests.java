package org.raftboot.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raftboot.node.Node;
import org.raftboot.raft.Config;
import org.raftboot.raft.DiscardRaftLogger;
import org.raftboot.raft.MemoryStorage;
import org.raftboot.raft.Ready;
import org.raftboot.raft.StateType;
import org.raftboot.raft.Status;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ticks from the event loop, on a logical clock and a hand-driven loop: a timer only for the ticks that
 * matter, the others counted from the clock before each message.
 */
class LoopTickerTests {

	private static final Duration INTERVAL = Duration.ofMillis(100);

	private static final long PERIOD = INTERVAL.toNanos();

	private final AtomicLong clock = new AtomicLong(10 * PERIOD);

	private final HandLoop loop = new HandLoop(this.clock);

	private final AtomicBoolean busy = new AtomicBoolean();

	private final AtomicInteger serverTicks = new AtomicInteger();

	private final Node node = Node.restart(new Config().setId(1)
		.setElectionTick(10)
		.setHeartbeatTick(1)
		.setMaxInflightMsgs(256)
		.setStorage(storageWithVoters(1, 2, 3))
		.setLogger(new DiscardRaftLogger()), this.loop);

	private final LoopTicker ticker = new LoopTicker(this.loop, this.loop, this.node, INTERVAL, this.clock::get,
			this.busy::get, this.serverTicks::addAndGet);

	@AfterEach
	void stopNode() {
		this.node.stop();
	}

	@Test
	void anIdleFollowerSleepsUntilItsElectionTimeoutAndThenCampaigns() {
		this.ticker.start();
		this.loop.runTasks();
		int timeout = this.node.ticksUntilTimeout();
		assertThat(timeout).isBetween(10, 19);
		assertThat(this.loop.timers).singleElement().satisfies((t) -> assertThat(t.delay).isEqualTo(timeout * PERIOD));
		CompletableFuture<Ready> next = this.node.ready();
		this.clock.addAndGet(timeout * PERIOD);
		this.loop.fireTimers();
		assertThat(next).isCompletedWithValueMatching((rd) -> rd.softState().raftState() == StateType.StateCandidate);
		assertThat(this.serverTicks).hasValue(timeout);
	}

	@Test
	void ticksElapsedBeforeAMessageReachRaftBeforeIt() {
		this.ticker.start();
		this.loop.runTasks();
		int timeout = this.node.ticksUntilTimeout();
		for (int round = 0; round < 3 * timeout; round++) {
			// A heartbeat every tick: caught up before each, the ticks never add up to a timeout.
			this.clock.addAndGet(PERIOD);
			this.ticker.catchUp();
			this.node.step(heartbeat());
			this.loop.runTasks();
			this.loop.fireTimersDue(this.clock.get());
		}
		CompletableFuture<Status> status = this.node.status();
		this.loop.runTasks();
		assertThat(status).isCompletedWithValueMatching((st) -> st.raftState() == StateType.StateFollower && st.lead() == 2);
		assertThat(this.serverTicks).hasValue(3 * timeout);
		// At most one timer run per election timeout (at least 10 ticks), not one per tick.
		assertThat(this.loop.fired).as("timer runs in %s ticks", 3 * timeout).isLessThanOrEqualTo(3 * timeout / 10 + 1);
	}

	@Test
	void aBusyServerIsTickedEveryInterval() {
		this.busy.set(true);
		this.ticker.start();
		this.loop.runTasks();
		for (int i = 1; i <= 5; i++) {
			assertThat(this.loop.timers).singleElement().satisfies((t) -> assertThat(t.delay).isEqualTo(PERIOD));
			this.clock.addAndGet(PERIOD);
			this.loop.fireTimers();
			assertThat(this.serverTicks).hasValue(i);
		}
	}

	@Test
	void aStoppedTickerArmsNoMoreTimers() {
		this.ticker.start();
		this.loop.runTasks();
		this.ticker.stop();
		this.loop.runTasks();
		assertThat(this.loop.timers).singleElement().satisfies((t) -> assertThat(t.cancelled).isTrue());
		this.clock.addAndGet(100 * PERIOD);
		this.ticker.catchUp();
		this.ticker.rearm();
		assertThat(this.serverTicks).hasValue(0);
		assertThat(this.loop.timers).hasSize(1);
	}

	private static Message heartbeat() {
		return Message.newBuilder().setType(MessageType.MsgHeartbeat).setFrom(2).setTo(1).setTerm(1).build();
	}

	private static MemoryStorage storageWithVoters(long... voters) {
		MemoryStorage storage = new MemoryStorage();
		ConfState.Builder cs = ConfState.newBuilder();
		for (long voter : voters) {
			cs.addVoters(voter);
		}
		storage.applySnapshot(Snapshot.newBuilder().setMetadata(SnapshotMetadata.newBuilder().setConfState(cs)).build());
		return storage;
	}

	/** The event loop, driven by the test: its tasks and its timers run when the test says so. */
	private static final class HandLoop implements Executor, LoopTicker.Timer {

		private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

		private final AtomicLong clock;

		final List<Armed> timers = new ArrayList<>();

		int fired;

		HandLoop(AtomicLong clock) {
			this.clock = clock;
		}

		@Override
		public void execute(Runnable task) {
			this.tasks.add(task);
		}

		@Override
		public Future<?> schedule(Runnable task, long delayNanos) {
			this.timers.removeIf((t) -> t.cancelled);
			Armed armed = new Armed(task, delayNanos, this.clock.get());
			this.timers.add(armed);
			return armed;
		}

		void runTasks() {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
		}

		/** Runs the timers armed now (whatever their delay), then the tasks they caused. */
		void fireTimers() {
			List<Armed> due = new ArrayList<>(this.timers);
			this.timers.clear();
			for (Armed t : due) {
				if (!t.cancelled) {
					this.fired++;
					t.task.run();
				}
			}
			runTasks();
		}

		/** Runs the timers whose delay, counted from their arming, has passed by {@code now}. */
		void fireTimersDue(long now) {
			this.timers.removeIf((t) -> t.cancelled);
			for (Armed t : List.copyOf(this.timers)) {
				if (t.armedAt + t.delay <= now) {
					this.timers.remove(t);
					this.fired++;
					t.task.run();
				}
			}
			runTasks();
		}
	}

	private static final class Armed extends CompletableFuture<Void> {

		final Runnable task;

		final long delay;

		final long armedAt;

		boolean cancelled;

		Armed(Runnable task, long delay, long armedAt) {
			this.task = task;
			this.delay = delay;
			this.armedAt = armedAt;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			this.cancelled = true;
			return super.cancel(mayInterruptIfRunning);
		}
	}
}
