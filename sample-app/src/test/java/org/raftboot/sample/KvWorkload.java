package org.raftboot.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.raftboot.testkit.linearizability.Command;
import org.raftboot.testkit.linearizability.History;
import org.raftboot.testkit.linearizability.HistoryRecorder;
import org.raftboot.testkit.linearizability.Operation;
import org.raftboot.testkit.linearizability.PendingOperation;

/**
 * Concurrent clients issuing random put / get / delete / compare-and-set over a small key set, each
 * request through a random member (the next one if that one refuses the connection), one request in
 * flight per client. Most clients give up after a
 * short timeout; every fourth one waits longer than any pause, so that requests a stopped member
 * received are answered, and checked, after it wakes up. Every operation goes into one
 * {@link HistoryRecorder}; a timeout, a 503 or a connection lost is an unknown outcome. A request
 * whose connection every member refused never reached a node: it is left out of the
 * {@link #history()}, as every such operation pending forever would make the checker's search explode. Any other answer the
 * API does not promise is collected as unexpected.
 */
final class KvWorkload {

	/** Shorter than the nodes' request timeout (5 s), so that slow answers also become unknown outcomes. */
	static final Duration QUICK = Duration.ofSeconds(2);

	/** Longer than a pause and than the nodes' request timeout. */
	static final Duration PATIENT = Duration.ofSeconds(12);

	private final List<KvNode> members;

	private final List<String> keys;

	private final HistoryRecorder recorder;

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

	private final Set<Operation> neverSent = ConcurrentHashMap.newKeySet();

	KvWorkload(List<KvNode> members, List<String> keys, HistoryRecorder recorder) {
		this.members = List.copyOf(members);
		this.keys = List.copyOf(keys);
		this.recorder = recorder;
	}

	/** Runs {@code clients} clients for {@code length}, their choices drawn from {@code seed}. */
	void run(int clients, Duration length, long seed) throws Exception {
		long deadline = System.nanoTime() + length.toNanos();
		SplittableRandom seeds = new SplittableRandom(seed);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int client = 1; client <= clients; client++) {
				int id = client;
				SplittableRandom random = seeds.split();
				running.add(pool.submit(() -> runClient(id, random, deadline)));
			}
			for (Future<?> client : running) {
				client.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** A linearizable read of {@code key} through {@code member}, recorded as client {@code clientId}. */
	void read(int clientId, KvClient member, String key) {
		get(clientId, new Route(List.of(member), 0), key, new HashMap<>());
	}

	/** Every operation recorded, less those whose request never left the client. */
	History history() {
		List<Operation> sent = new ArrayList<>();
		for (Operation operation : this.recorder.history().operations()) {
			if (!this.neverSent.contains(operation)) {
				sent.add(operation);
			}
		}
		return History.of(sent);
	}

	/** How many requests never left the client (connection refused). */
	int neverSent() {
		return this.neverSent.size();
	}

	/** How many answers of each kind came back, as {@code "PUT 204" -> count}. */
	SortedMap<String, Long> outcomes() {
		SortedMap<String, Long> counts = new TreeMap<>();
		this.outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
		return counts;
	}

	/** Answers outside the API's promises, each as request, status and body. */
	List<String> unexpected() {
		return List.copyOf(this.unexpected);
	}

	private void runClient(int client, SplittableRandom random, long deadline) {
		Duration timeout = (client % 4 == 0) ? PATIENT : QUICK;
		List<KvClient> clients = this.members.stream().map((node) -> new KvClient(node.httpPort, timeout)).toList();
		Map<String, String> seen = new HashMap<>();
		for (int sequence = 1; System.nanoTime() < deadline; sequence++) {
			String key = this.keys.get(random.nextInt(this.keys.size()));
			Route route = new Route(clients, random.nextInt(clients.size()));
			String value = "c" + client + "-" + sequence;
			int dice = random.nextInt(100);
			if (dice < 30) {
				put(client, route, key, value, seen);
			}
			else if (dice < 65) {
				get(client, route, key, seen);
			}
			else if (dice < 75) {
				delete(client, route, key, seen);
			}
			else if (seen.containsKey(key)) {
				compareAndSet(client, route, key, seen.get(key), value, seen);
			}
			else {
				get(client, route, key, seen);
			}
		}
	}

	private void put(int client, Route route, String key, String value, Map<String, String> seen) {
		PendingOperation call = this.recorder.invoke(client, Command.put(key, value));
		KvClient.Response response = route.send((node) -> node.put(key, value));
		if (response.status() == 204) {
			call.ok();
			seen.put(key, value);
		}
		else {
			unknown(call, "PUT " + key, response);
		}
		count("PUT", response);
	}

	private void get(int client, Route route, String key, Map<String, String> seen) {
		PendingOperation call = this.recorder.invoke(client, Command.get(key));
		KvClient.Response response = route.send((node) -> node.get(key));
		if (response.status() == 200) {
			call.read(response.body());
			seen.put(key, response.body());
		}
		else if (response.status() == 404) {
			call.read(null);
			seen.remove(key);
		}
		else {
			unknown(call, "GET " + key, response);
		}
		count("GET", response);
	}

	private void delete(int client, Route route, String key, Map<String, String> seen) {
		PendingOperation call = this.recorder.invoke(client, Command.delete(key));
		KvClient.Response response = route.send((node) -> node.delete(key));
		if (response.status() == 204) {
			call.ok();
			seen.remove(key);
		}
		else {
			unknown(call, "DELETE " + key, response);
		}
		count("DELETE", response);
	}

	private void compareAndSet(int client, Route route, String key, String expected, String value,
			Map<String, String> seen) {
		PendingOperation call = this.recorder.invoke(client, Command.cas(key, expected, value));
		KvClient.Response response = route.send((node) -> node.compareAndSet(key, expected, value));
		if (response.status() == 200) {
			call.swapped(true);
			seen.put(key, value);
		}
		else if (response.status() == 409) {
			call.swapped(false);
			seen.remove(key);
		}
		else {
			unknown(call, "CAS " + key, response);
		}
		count("CAS", response);
	}

	/** Records an unknown outcome: always sound, and expected for 503 and failed connections (status 0). */
	private void unknown(PendingOperation call, String request, KvClient.Response response) {
		Operation operation = call.unknown();
		if (response.neverSent()) {
			this.neverSent.add(operation);
		}
		else if (response.status() != 503 && response.status() != 0) {
			this.unexpected.add(request + " -> " + response.status() + " " + response.body().strip());
		}
	}

	/**
	 * The members a client's request may go through: a random one first, then the next ones while the
	 * connection is refused (such an attempt never reached a node, so it is part of the same operation).
	 */
	private record Route(List<KvClient> members, int first) {

		KvClient.Response send(Function<KvClient, KvClient.Response> request) {
			KvClient.Response response = request.apply(this.members.get(this.first));
			for (int i = 1; i < this.members.size() && response.neverSent(); i++) {
				response = request.apply(this.members.get((this.first + i) % this.members.size()));
			}
			return response;
		}

	}

	private void count(String request, KvClient.Response response) {
		String status = response.neverSent() ? "refused" : (response.status() == 0) ? "no answer" : Integer.toString(response.status());
		this.outcomes.computeIfAbsent(request + " " + status, (outcome) -> new LongAdder()).increment();
	}

}
