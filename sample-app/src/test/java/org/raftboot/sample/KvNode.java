package org.raftboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * One sample-app JVM started from the packaged jar, on its own ports and storage directory. Every
 * process started is remembered by PID so that a JVM shutdown hook kills what a failed test left.
 */
final class KvNode {

	private static final Set<Long> LIVE_PIDS = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE_PIDS.forEach(KvNode::killPid)));
	}

	final long id;

	final int httpPort;

	final int raftPort;

	final Path dir;

	final KvClient client;

	private @Nullable Process process;

	KvNode(long id, int httpPort, int raftPort, Path dir) {
		this.id = id;
		this.httpPort = httpPort;
		this.raftPort = raftPort;
		this.dir = dir;
		this.client = new KvClient(httpPort);
	}

	String peerAddress() {
		return "127.0.0.1:" + this.raftPort;
	}

	/** Starts the JVM with the given peers (id to host:port), joining an existing cluster if asked. */
	void start(Map<Long, String> peers, boolean join) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("--raft.node-id=" + this.id,
				"--raft.storage.dir=" + this.dir.resolve("raft"), "--raft.tick-interval=50ms", "--raft.request-timeout=5s",
				"--raft.snapshot.entries=20", "--raft.snapshot.catch-up-entries=5", "--logging.level.org.raftboot=INFO"));
		peers.forEach((peer, address) -> arguments.add("--raft.peers." + peer + "=" + address));
		if (join) {
			arguments.add("--raft.join=true");
		}
		launch(arguments);
	}

	/**
	 * Starts the JVM as a newcomer would, with no {@code raft.*} argument at all, in this node's
	 * directory as working directory (where the default storage directory is created).
	 */
	void startOnDefaults() throws IOException {
		launch(List.of());
	}

	private void launch(List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx192m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-Xss512k", "-jar", Path.of(jar()).toAbsolutePath().toString(),
				"--server.port=" + this.httpPort, "--spring.jmx.enabled=false", "--logging.level.root=WARN"));
		command.addAll(arguments);
		Process started = new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("node.log").toFile()))
			.start();
		LIVE_PIDS.add(started.pid());
		this.process = started;
	}

	boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/** Kills the JVM with SIGKILL, as a crash would, and waits until it is gone. */
	void kill() {
		Process running = this.process;
		if (running != null) {
			killPid(running.pid());
			running.onExit().join();
			LIVE_PIDS.remove(running.pid());
			this.process = null;
		}
	}

	/**
	 * Stops the JVM with SIGSTOP: it keeps its sockets open but does nothing at all, as in a long GC
	 * pause or a frozen virtual machine, until {@link #resume()}.
	 */
	void pause() {
		signal("STOP");
	}

	/** Continues a JVM stopped by {@link #pause()} (SIGCONT). */
	void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException(this + " is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(running.pid())).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + name + " " + running.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while signalling " + this, ex);
		}
	}

	private static void killPid(long pid) {
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String jar() {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !Path.of(jar).toFile().isFile()) {
			throw new IllegalStateException("System property sample.jar must name the packaged sample-app.jar, got " + jar);
		}
		return jar;
	}

	@Override
	public String toString() {
		return "node " + this.id + " (http " + this.httpPort + ", raft " + this.raftPort + ", log " + this.dir.resolve("node.log") + ")";
	}

}
