package org.raftboot.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HistoryRecorderTests {

	private final AtomicLong clock = new AtomicLong();

	private final HistoryRecorder recorder = new HistoryRecorder(this.clock::get);

	@Test
	void invocationAndCompletionAreStampedWithTheInjectedClock() {
		this.clock.set(5);
		PendingOperation put = this.recorder.invoke(1, Command.put("x", "a"));
		this.clock.set(9);
		Operation done = put.ok();
		assertThat(done).isEqualTo(new Operation(1, Command.put("x", "a"), 5, 9, Result.ok()));
		assertThat(this.recorder.history().operations()).containsExactly(done);
	}

	@Test
	void eachKindOfAnswerIsRecorded() {
		Operation read = this.recorder.invoke(1, Command.get("x")).read(null);
		Operation swapped = this.recorder.invoke(2, Command.cas("x", null, "a")).swapped(true);
		Operation deleted = this.recorder.invoke(3, Command.delete("x")).ok();
		assertThat(read.result()).isEqualTo(Result.read(null));
		assertThat(swapped.result()).isEqualTo(Result.swapped(true));
		assertThat(deleted.result()).isEqualTo(Result.ok());
	}

	@Test
	void anOperationNeverAnsweredHasAnUnknownOutcome() {
		this.clock.set(3);
		this.recorder.invoke(7, Command.put("x", "a"));
		assertThat(this.recorder.history().operations())
			.containsExactly(Operation.unknown(7, Command.put("x", "a"), 3));
	}

	@Test
	void aClientThatGivesUpRecordsAnUnknownOutcomeWithoutCompletionTime() {
		PendingOperation put = this.recorder.invoke(1, Command.put("x", "a"));
		this.clock.set(100);
		Operation gaveUp = put.unknown();
		assertThat(gaveUp.isUnknown()).isTrue();
		assertThat(gaveUp.completedAt()).isEqualTo(Operation.NEVER);
	}

	@Test
	void anOperationCompletesOnlyOnce() {
		PendingOperation put = this.recorder.invoke(1, Command.put("x", "a"));
		put.ok();
		assertThatIllegalStateException().isThrownBy(put::unknown).withMessageContaining("already completed");
	}

	@Test
	void anAnswerOfTheWrongKindIsRejected() {
		PendingOperation put = this.recorder.invoke(1, Command.put("x", "a"));
		assertThatIllegalArgumentException().isThrownBy(() -> put.read("a"))
			.withMessage("\"a\" is not an answer to put(\"x\", \"a\")");
	}

	@Test
	void theHistoryIsInInvocationOrder() {
		this.clock.set(10);
		PendingOperation first = this.recorder.invoke(1, Command.put("x", "a"));
		this.clock.set(20);
		PendingOperation second = this.recorder.invoke(2, Command.get("x"));
		this.clock.set(30);
		Operation secondDone = second.read("a");
		Operation firstDone = first.ok();
		assertThat(this.recorder.history().operations()).containsExactly(firstDone, secondDone);
	}

	@Test
	void manyThreadsRecordingAgainstAConcurrentMapProduceALinearizableHistory() throws Exception {
		HistoryRecorder recorder = new HistoryRecorder();
		ConcurrentMap<String, String> map = new ConcurrentHashMap<>();
		int threads = 8;
		int perThread = 300;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> clients = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int client = t;
				clients.add(executor.submit(() -> runClient(recorder, map, client, perThread)));
			}
			for (Future<?> client : clients) {
				client.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		History history = recorder.history();
		CheckResult result = new LinearizabilityChecker().check(history, Duration.ofSeconds(10));
		assertThat(history.size()).isEqualTo(threads * perThread);
		assertThat(result.verdict()).as(result::describe).isEqualTo(Verdict.LINEARIZABLE);
	}

	private static void runClient(HistoryRecorder recorder, ConcurrentMap<String, String> map, int client, int count) {
		SplittableRandom random = new SplittableRandom(client);
		for (int i = 0; i < count; i++) {
			String key = "k" + random.nextInt(4);
			String value = client + "-" + i;
			switch (random.nextInt(4)) {
				case 0 -> {
					PendingOperation put = recorder.invoke(client, Command.put(key, value));
					map.put(key, value);
					put.ok();
				}
				case 1 -> {
					PendingOperation get = recorder.invoke(client, Command.get(key));
					get.read(map.get(key));
				}
				case 2 -> {
					PendingOperation delete = recorder.invoke(client, Command.delete(key));
					map.remove(key);
					delete.ok();
				}
				default -> {
					String expected = map.get(key);
					PendingOperation cas = recorder.invoke(client, Command.cas(key, expected, value));
					boolean swapped = (expected == null) ? map.putIfAbsent(key, value) == null
							: map.replace(key, expected, value);
					cas.swapped(swapped);
				}
			}
		}
	}

}
