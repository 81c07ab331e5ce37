package org.raftboot.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.transport.FrameFuzzer;
import org.raftboot.transport.Transport;
import org.raftboot.transport.TransportConfig;
import org.raftboot.transport.TransportMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fuzzed connections thrown at the leader of a live 3-member cluster for 20 s (or
 * {@code -Dfuzz.seconds}) from several raw sockets while a client keeps proposing through it: every
 * connection is closed by the member, its rejections are counted exactly, proposals keep committing
 * throughout, and afterwards a proposal from each member commits on all. The seed is printed;
 * {@code -Dfuzz.seed=N} replays the same connections on each socket.
 */
class TransportFuzzingTests {

	private static final int SOCKETS = 4;

	/** The longest time without a committed proposal the cluster may take while being fuzzed. */
	private static final Duration MAX_COMMIT_GAP = Duration.ofSeconds(5);

	private final Logger guardLog = Logger.getLogger("org.raftboot.transport.InboundGuard");

	@TempDir
	Path dir;

	@AfterEach
	void restoreLogging() {
		this.guardLog.setLevel(null);
	}

	@Test
	void aMemberUnderFuzzedConnectionsClosesEachOneAndTheClusterKeepsCommitting() throws Exception {
		long seed = Long.getLong("fuzz.seed", ThreadLocalRandom.current().nextLong());
		Duration fuzzing = Duration.ofSeconds(Long.getLong("fuzz.seconds", 20));
		System.out.println("TransportFuzzingTests: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
		this.guardLog.setLevel(Level.OFF);
		try (TestCluster cluster = TestCluster.start(this.dir, 3)) {
			RaftServer leader = cluster.awaitLeader();
			cluster.awaitConnected();
			TestCluster.Member target = cluster.member(leader.id());
			List<Long> peers = cluster.members.keySet().stream().filter((id) -> id != target.id).toList();
			AtomicBoolean running = new AtomicBoolean(true);
			Proposer proposer = new Proposer(target.server());
			CompletableFuture<Void> proposing = CompletableFuture.runAsync(() -> proposer.run(running));
			List<CompletableFuture<Attacker>> attackers = new ArrayList<>();
			long deadline = System.nanoTime() + fuzzing.toNanos();
			for (int i = 0; i < SOCKETS; i++) {
				FrameFuzzer.Identity id = new FrameFuzzer.Identity(1, target.id, peers.get(i % peers.size()), Set.copyOf(peers),
						Transport.DEFAULT_GROUP, TransportConfig.DEFAULT_MAX_FRAME_SIZE);
				Attacker attacker = new Attacker(new FrameFuzzer(id, seed + i), target.address);
				attackers.add(CompletableFuture.supplyAsync(() -> attacker.run(deadline)));
			}
			List<Attacker> done = attackers.stream().map(CompletableFuture::join).toList();
			running.set(false);
			proposing.get(30, TimeUnit.SECONDS);

			long connections = done.stream().mapToLong((a) -> a.connections).sum();
			long rejected = done.stream().mapToLong((a) -> a.rejected).sum();
			TransportMetrics metrics = target.transport.metrics();
			System.out.printf("TransportFuzzingTests: seed %d, %d connections (%d frames, %d bytes) to member %d, "
					+ "%d of them bad (%d rejections counted by the member), %d frames dropped for unknown groups; "
					+ "%d proposals committed, %d failed, longest gap between commits %d ms; violations: %d%n", seed,
					connections, done.stream().mapToLong((a) -> a.frames).sum(),
					done.stream().mapToLong((a) -> a.bytes).sum(), target.id, rejected, metrics.rejectedConnections(),
					metrics.inboundDropped(), proposer.committed.get(), proposer.failed.get(), proposer.longestGapMillis(),
					done.stream().mapToLong((a) -> a.violations.size()).sum());
			done.forEach((a) -> assertThat(a.violations).as("connections the member did not close").isEmpty());
			assertThat(connections).isPositive();
			assertThat(metrics.rejectedConnections()).as("rejections counted (a header the member waited for "
					+ "longer than its connect timeout on a starved machine counts too)").isBetween(rejected, connections);
			assertThat(proposer.committed.get()).isPositive();
			assertThat(Duration.ofMillis(proposer.longestGapMillis())).as("longest time without a commit")
				.isLessThan(MAX_COMMIT_GAP);
			for (TestCluster.Member m : cluster.members.values()) {
				m.server().propose(RecordingStateMachine.bytes("after fuzzing " + m.id)).get(20, TimeUnit.SECONDS);
			}
			List<String> after = cluster.members.keySet().stream().map((id) -> "after fuzzing " + id).toList();
			for (TestCluster.Member m : cluster.members.values()) {
				await().atMost(Duration.ofSeconds(20)).until(() -> m.stateMachine.values().containsAll(after));
				assertThat(m.stateMachine.violations()).isEmpty();
			}
		}
	}

	/** Proposes through one member, one proposal at a time, noting when each commits. */
	private static final class Proposer {

		private final RaftServer server;

		final AtomicLong committed = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		private long lastCommit = System.nanoTime();

		private long longestGap;

		Proposer(RaftServer server) {
			this.server = server;
		}

		void run(AtomicBoolean running) {
			for (long n = 0; running.get(); n++) {
				try {
					this.server.propose(RecordingStateMachine.bytes("fuzzing " + n)).get(10, TimeUnit.SECONDS);
					this.committed.incrementAndGet();
					long now = System.nanoTime();
					this.longestGap = Math.max(this.longestGap, now - this.lastCommit);
					this.lastCommit = now;
				}
				catch (Exception ex) {
					this.failed.incrementAndGet();
				}
			}
			this.longestGap = Math.max(this.longestGap, System.nanoTime() - this.lastCommit);
		}

		long longestGapMillis() {
			return TimeUnit.NANOSECONDS.toMillis(this.longestGap);
		}

	}

	/** One raw socket after another, each with the next fuzzed connection, until the deadline. */
	private static final class Attacker {

		private final FrameFuzzer fuzzer;

		private final InetSocketAddress member;

		long connections;

		long rejected;

		long frames;

		long bytes;

		final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

		Attacker(FrameFuzzer fuzzer, InetSocketAddress member) {
			this.fuzzer = fuzzer;
			this.member = member;
		}

		Attacker run(long deadline) {
			while (System.nanoTime() < deadline) {
				FrameFuzzer.Connection connection = this.fuzzer.next();
				this.connections++;
				this.frames += connection.frames();
				this.bytes += connection.bytes().length;
				if (connection.rejected() || connection.truncated()) {
					this.rejected++;
				}
				try {
					if (!closedByMember(connection)) {
						this.violations.add("connection " + this.connections + " (" + connection.mutation() + ") stayed open");
					}
				}
				catch (IOException ex) {
					this.violations.add("connection " + this.connections + " (" + connection.mutation() + "): " + ex);
				}
			}
			return this;
		}

		/**
		 * Sends the bytes; a connection that breaks the protocol must be closed by the member without
		 * more ado, any other once this side has nothing more to send.
		 */
		private boolean closedByMember(FrameFuzzer.Connection connection) throws IOException {
			try (Socket socket = new Socket()) {
				socket.connect(this.member, 5_000);
				socket.setSoTimeout(10_000);
				OutputStream out = socket.getOutputStream();
				try {
					out.write(connection.bytes());
					out.flush();
					if (!connection.rejected()) {
						socket.shutdownOutput();
					}
				}
				catch (SocketException closedWhileWriting) {
					return true;
				}
				return readToEnd(socket.getInputStream());
			}
		}

		private static boolean readToEnd(InputStream in) throws IOException {
			byte[] buffer = new byte[256];
			try {
				while (in.read(buffer) >= 0) {
					// the member may acknowledge a snapshot before it closes
				}
				return true;
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
			catch (SocketException reset) {
				return true;
			}
		}

	}

}
