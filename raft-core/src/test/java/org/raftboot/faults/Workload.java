package org.raftboot.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.raftboot.raft.ProposalDroppedException;
import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.server.Applied;
import org.raftboot.server.RaftServer;
import org.raftboot.testkit.linearizability.Command;
import org.raftboot.testkit.linearizability.History;
import org.raftboot.testkit.linearizability.HistoryRecorder;
import org.raftboot.testkit.linearizability.Operation;
import org.raftboot.testkit.linearizability.PendingOperation;

/**
 * Concurrent clients, each sequential, issuing random puts, gets, deletes and compare-and-sets over
 * a few keys through random members, with short timeouts. Every value written is unique. A get is
 * a read barrier ({@code leaseRead} when the cluster is lease-based), then a read of that member's
 * map. A timeout or a closed server is an unknown outcome; a proposal the server reports dropped
 * is taken at its word (it never applies) and left out of the history, so that the checker
 * catches the server if it did apply after all.
 */
final class Workload {

	static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final FaultCluster cluster;

	private final int clients;

	private final List<String> keys;

	private final HistoryRecorder recorder = new HistoryRecorder();

	private final Set<Operation> dropped = ConcurrentHashMap.newKeySet();

	private final Set<String> valuesRead = ConcurrentHashMap.newKeySet();

	private final Map<String, String> lastSeen = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	Workload(FaultCluster cluster, int clients, int keys) {
		this.cluster = cluster;
		this.clients = clients;
		List<String> names = new ArrayList<>();
		for (int k = 0; k < keys; k++) {
			names.add("k" + k);
		}
		this.keys = List.copyOf(names);
	}

	void start() {
		this.running = true;
		for (int c = 0; c < this.clients; c++) {
			int client = c;
			Thread thread = new Thread(() -> run(client), "client-" + client);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/** Stops the clients once their current operations are answered (or timed out). */
	void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** What the clients saw, without the writes the servers reported dropped. */
	History history() {
		return History.of(this.recorder.history().operations().stream().filter((op) -> !this.dropped.contains(op))
			.toList());
	}

	/**
	 * The values of writes reported dropped that a read returned or a member holds: each one is a
	 * dropped proposal that took effect after all.
	 */
	Set<String> droppedButSeen(Collection<String> held) {
		Set<String> seen = new TreeSet<>(this.valuesRead);
		seen.addAll(held);
		Set<String> wrong = new TreeSet<>();
		for (Operation op : this.dropped) {
			String value = op.command().value();
			if (value != null && seen.contains(value)) {
				wrong.add(op.toString());
			}
		}
		return wrong;
	}

	/** The number of operations per outcome ("put ok", "get unknown", "cas dropped"…). */
	Map<String, Long> outcomes() {
		Map<String, Long> counts = new TreeMap<>();
		this.outcomes.forEach((k, v) -> counts.put(k, v.sum()));
		return counts;
	}

	/** The number of operations whose outcome ends with {@code suffix} ("ok", "unknown"…). */
	long total(String suffix) {
		return outcomes().entrySet().stream().filter((e) -> e.getKey().endsWith(suffix)).mapToLong(Map.Entry::getValue)
			.sum();
	}

	private void run(int client) {
		SplittableRandom random = new SplittableRandom();
		List<Long> ids = this.cluster.ids();
		long seq = 0;
		while (this.running) {
			FaultCluster.Member member = this.cluster.member(ids.get(random.nextInt(ids.size())));
			FaultCluster.Incarnation up = member.current();
			if (up == null) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
				continue;
			}
			String key = this.keys.get(random.nextInt(this.keys.size()));
			String value = "c" + client + "-" + (++seq);
			int dice = random.nextInt(100);
			if (dice < 40) {
				read(client, up, key);
			}
			else if (dice < 65) {
				write(client, up, Command.put(key, value));
			}
			else if (dice < 75) {
				write(client, up, Command.delete(key));
			}
			else {
				int pick = random.nextInt(10);
				String expected = (pick < 7) ? this.lastSeen.get(key) : (pick < 9) ? null : "c0-1";
				write(client, up, Command.cas(key, expected, value));
			}
		}
	}

	private void read(int client, FaultCluster.Incarnation up, String key) {
		PendingOperation call = this.recorder.invoke(client, Command.get(key));
		RaftServer server = up.server();
		try {
			CompletableFuture<Long> barrier = (this.cluster.readOption() == ReadOnlyOption.LEASE_BASED)
					? server.leaseRead() : server.readBarrier();
			barrier.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
			@Nullable String value = up.stateMachine().get(key);
			call.read(value);
			note(key, value);
			if (value != null) {
				this.valuesRead.add(value);
			}
			count("get ok");
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			call.unknown();
			count("get unknown");
		}
		catch (InterruptedException ex) {
			call.unknown();
			Thread.currentThread().interrupt();
		}
	}

	private void write(int client, FaultCluster.Incarnation up, Command command) {
		String kind = command.kind().name().toLowerCase(Locale.ROOT);
		PendingOperation call = this.recorder.invoke(client, command);
		try {
			Applied applied = up.server().propose(KvCommands.encode(command)).get(TIMEOUT.toNanos(),
					TimeUnit.NANOSECONDS);
			if (command.kind() == Command.Kind.CAS) {
				boolean swapped = Boolean.TRUE.equals(applied.result());
				call.swapped(swapped);
				if (swapped) {
					note(command.key(), command.value());
				}
			}
			else {
				call.ok();
				note(command.key(), command.value());
			}
			count(kind + " ok");
		}
		catch (ExecutionException ex) {
			Operation op = call.unknown();
			if (ex.getCause() instanceof ProposalDroppedException) {
				this.dropped.add(op);
				count(kind + " dropped");
			}
			else {
				count(kind + " unknown");
			}
		}
		catch (TimeoutException | RuntimeException ex) {
			call.unknown();
			count(kind + " unknown");
		}
		catch (InterruptedException ex) {
			call.unknown();
			Thread.currentThread().interrupt();
		}
	}

	private void note(String key, @Nullable String value) {
		if (value == null) {
			this.lastSeen.remove(key);
		}
		else {
			this.lastSeen.put(key, value);
		}
	}

	private void count(String outcome) {
		this.outcomes.computeIfAbsent(outcome, (k) -> new LongAdder()).increment();
	}

}
