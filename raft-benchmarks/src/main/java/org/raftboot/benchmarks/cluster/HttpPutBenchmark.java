package org.raftboot.benchmarks.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.raftboot.benchmarks.Report;
import org.raftboot.benchmarks.TempDirs;

/**
 * PUT throughput through the sample-app's HTTP API: a cluster of sample-app processes (the jar, each
 * in a 512 MiB heap, on free ports of 127.0.0.1) and {@code --clients} concurrent HTTP clients
 * putting {@code --value-size} bytes to random keys on the leader. Reports PUTs per second, the
 * latency percentiles and the cluster processes' CPU per PUT.
 * <pre>
 * ./mvnw -B -ntp -pl sample-app,raft-benchmarks -am package -DskipTests
 * java -cp raft-benchmarks/target/benchmarks.jar org.raftboot.benchmarks.cluster.HttpPutBenchmark
 * </pre>
 */
public final class HttpPutBenchmark {

	private static final Pattern LEADER = Pattern.compile("\"leader\":(\\d+)");

	private final Path jar;

	private final int nodes;

	private final Path root;

	private final List<Process> processes = new ArrayList<>();

	private final int[] httpPorts;

	/** Extra options of the sample-app JVMs, {@code {node}} replaced by the node's id (e.g. a JFR file). */
	private final List<String> serverJavaOptions;

	/** The data and logs are kept for a look when the run failed. */
	private volatile boolean succeeded;

	private HttpPutBenchmark(Path jar, int nodes, Path root, List<String> serverJavaOptions) {
		this.jar = jar;
		this.serverJavaOptions = serverJavaOptions;
		this.nodes = nodes;
		this.root = root;
		this.httpPorts = new int[nodes + 1];
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of("sample-app/target/sample-app.jar");
		int nodes = 3;
		int clients = 64;
		int valueSize = 128;
		long warmup = 30;
		long duration = 20;
		List<String> serverJavaOptions = List.of();
		for (String arg : args) {
			String[] kv = arg.split("=", 2);
			switch (kv[0]) {
				case "--jar" -> jar = Path.of(kv[1]);
				case "--nodes" -> nodes = Integer.parseInt(kv[1]);
				case "--clients" -> clients = Integer.parseInt(kv[1]);
				case "--value-size" -> valueSize = Integer.parseInt(kv[1]);
				case "--warmup" -> warmup = Long.parseLong(kv[1].replace("s", ""));
				case "--duration" -> duration = Long.parseLong(kv[1].replace("s", ""));
				case "--server-java-options" -> serverJavaOptions = List.of(kv[1].trim().split("\\s+"));
				default -> {
					System.err.println("usage: HttpPutBenchmark [--jar=sample-app/target/sample-app.jar] [--nodes=3] "
							+ "[--clients=64] [--value-size=128] [--warmup=30s] [--duration=20s] "
							+ "[--server-java-options='-XX:StartFlightRecording=filename=n{node}.jfr']");
					System.exit(2);
				}
			}
		}
		if (!Files.isRegularFile(jar)) {
			System.err.println(jar + " is missing: ./mvnw -B -ntp -pl sample-app -am package -DskipTests");
			System.exit(2);
		}
		Report report = new Report(System.out,
				"nodes=" + nodes + " value_bytes=" + valueSize + " fsync=on clients=" + clients + " processes=yes");
		HttpPutBenchmark benchmark = new HttpPutBenchmark(jar, nodes, TempDirs.create(), serverJavaOptions);
		// The processes go with this JVM however it ends (an exception, Ctrl-C, a timeout's SIGTERM).
		Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stop));
		benchmark.launch();
		int leader = benchmark.awaitLeader(Duration.ofMinutes(5));
		report.note("cluster of " + nodes + " processes up, leader " + leader);
		benchmark.run(report, leader, clients, valueSize, warmup, duration);
		benchmark.succeeded = true;
		System.exit(0);
	}

	private void launch() throws IOException {
		int[] raftPorts = new int[this.nodes + 1];
		for (int i = 1; i <= this.nodes; i++) {
			this.httpPorts[i] = freePort();
			raftPorts[i] = freePort();
		}
		for (int i = 1; i <= this.nodes; i++) {
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
			for (String option : this.serverJavaOptions) {
				command.add(option.replace("{node}", Integer.toString(i)));
			}
			command.addAll(Arrays.asList("-jar", this.jar.toString(), "--server.port=" + this.httpPorts[i],
					"--server.address=127.0.0.1", "--raft.node-id=" + i, "--raft.storage.dir=" + this.root.resolve("n" + i)));
			for (int j = 1; j <= this.nodes; j++) {
				command.add("--raft.peers." + j + "=127.0.0.1:" + raftPorts[j]);
			}
			this.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.root.resolve("n" + i + ".log").toFile())
				.start());
		}
	}

	private int awaitLeader(Duration timeout) throws InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			for (Process p : this.processes) {
				if (!p.isAlive()) {
					throw new IllegalStateException("a sample-app process exited; see the logs in " + this.root);
				}
			}
			try {
				String status = http.send(HttpRequest.newBuilder(url(1, "/actuator/raft")).build(),
						HttpResponse.BodyHandlers.ofString()).body();
				Matcher m = LEADER.matcher(status);
				if (m.find() && !m.group(1).equals("0")) {
					return Integer.parseInt(m.group(1));
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("no leader within " + timeout + "; see the logs in " + this.root);
	}

	private void run(Report report, int leader, int clients, int valueSize, long warmup, long duration)
			throws InterruptedException {
		// One thread for the client's completions instead of the default cached pool, whose hand-offs
		// woke about eight threads per PUT: the client shares the cores with the servers.
		ExecutorService completions = Executors.newSingleThreadExecutor((r) -> {
			Thread t = new Thread(r, "http-client-completions");
			t.setDaemon(true);
			return t;
		});
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(completions).build();
		byte[] value = new byte[valueSize];
		Arrays.fill(value, (byte) 'v');
		ClosedLoop load = new ClosedLoop(() -> put(http, leader, value)).start(clients);
		Thread.sleep(warmup * 1000);
		long serverCpuBefore = serverCpuNanos();
		Map<String, CpuClock.Use> serverThreadsBefore = serverThreadGroups();
		Map<String, CpuClock.Use> clientThreadsBefore = clientThreadGroups();
		ClosedLoop.Window window = load.measure(duration * 1_000_000_000L, new CpuClock());
		long serverCpu = serverCpuNanos() - serverCpuBefore;
		Map<String, CpuClock.Use> serverThreads = since(serverThreadGroups(), serverThreadsBefore);
		Map<String, CpuClock.Use> clientThreads = since(clientThreadGroups(), clientThreadsBefore);
		load.stop();
		long puts = Math.max(1, window.completed());
		Histogram latencies = window.latencies();
		report.figure("http_put", window.perSecond(), "ops/s");
		report.figure("http_put.p50", latencies.getValueAtPercentile(50) / 1000.0, "us");
		report.figure("http_put.p99", latencies.getValueAtPercentile(99) / 1000.0, "us");
		report.figure("http_put.failed", window.failed(), "ops");
		report.figure("http_put.server_cpu_per_put", serverCpu / 1000.0 / puts, "us");
		if (!serverThreads.isEmpty()) {
			report.figure("http_put.server_jit_cpu_per_put", jitNanos(serverThreads) / 1000.0 / puts, "us");
		}
		report.figure("http_put.client_cpu_per_put", window.cpuMicrosPerOp(), "us");
		threadNotes(report, "server", serverThreads, puts);
		threadNotes(report, "client", clientThreads, puts);
	}

	/** What the threads of the sample-app processes used so far, per group, summed over the processes. */
	private Map<String, CpuClock.Use> serverThreadGroups() {
		Map<String, CpuClock.Use> groups = new TreeMap<>();
		for (Process p : this.processes) {
			try {
				CpuClock.byThreadGroup(Long.toString(p.pid())).forEach((group, use) -> groups.merge(group, use,
						CpuClock.Use::plus));
			}
			catch (IOException ex) {
				return Map.of(); // not Linux: the process totals only
			}
		}
		return groups;
	}

	private static Map<String, CpuClock.Use> clientThreadGroups() {
		try {
			return CpuClock.byThreadGroup("self");
		}
		catch (IOException ex) {
			return Map.of();
		}
	}

	private static Map<String, CpuClock.Use> since(Map<String, CpuClock.Use> now, Map<String, CpuClock.Use> before) {
		Map<String, CpuClock.Use> used = new TreeMap<>();
		now.forEach((group, use) -> used.put(group, use.minus(before.getOrDefault(group, new CpuClock.Use(0, 0)))));
		return used;
	}

	/** The JIT compilers' share: on a 2-core machine four JVMs still compile long after start. */
	private static long jitNanos(Map<String, CpuClock.Use> groups) {
		return groups.entrySet()
			.stream()
			.filter((e) -> e.getKey().contains("CompilerThre"))
			.mapToLong((e) -> e.getValue().cpuNanos())
			.sum();
	}

	private static void threadNotes(Report report, String side, Map<String, CpuClock.Use> groups, long puts) {
		groups.forEach((group, used) -> {
			if (used.cpuNanos() * 100 >= puts * 1000) { // at least 10 ns per PUT
				report.note(String.format(Locale.ROOT, "%s: cpu of threads %s: %.1f us per put, %.2f runs per put", side,
						group, used.cpuNanos() / 1e3 / puts, used.runs() / (double) puts));
			}
		});
	}

	private CompletableFuture<?> put(HttpClient http, int node, byte[] value) {
		HttpRequest request = HttpRequest.newBuilder(url(node, "/kv/k" + ThreadLocalRandom.current().nextInt(10_000)))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(value))
			.build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply((response) -> {
			if (response.statusCode() != 204) {
				throw new IllegalStateException("PUT answered " + response.statusCode());
			}
			return response;
		});
	}

	private long serverCpuNanos() {
		return this.processes.stream()
			.mapToLong((p) -> p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
			.sum();
	}

	private URI url(int node, String path) {
		return URI.create("http://127.0.0.1:" + this.httpPorts[node] + path);
	}

	private void stop() {
		for (Process p : this.processes) {
			p.destroy();
		}
		for (Process p : this.processes) {
			try {
				if (!p.waitFor(10, TimeUnit.SECONDS)) {
					p.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				p.destroyForcibly();
			}
		}
		if (this.succeeded) {
			TempDirs.delete(this.root);
		}
		else {
			System.err.println("data and logs kept in " + this.root);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}
}
