package org.raftboot.benchmarks.cluster;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;

import org.HdrHistogram.Histogram;

/**
 * The machine's limits the cluster figures are judged against, measured in the same run: a durable
 * append (4 KiB written at the end of a file, then {@code FileChannel.force(false)}, i.e. fdatasync)
 * on the disk of the first member's data directory alone, and in each member's data directory at
 * once (one disk shared, or a disk each), a 128-byte round trip over loopback TCP, the CPU that a cluster's heartbeats cost
 * with nothing around them, and what client threads that wait for their requests cost when the
 * library's work costs nothing.
 */
final class LimitProbe {

	private LimitProbe() {
	}

	/**
	 * 4 KiB append + fdatasync, {@code count} samples per writer after a short warm-up: their
	 * nanoseconds and the CPU time the writing threads spent on them. One writer per entry of
	 * {@code dirs}, each on a file of its own there, all at once (as the members of a cluster sync
	 * together, on one disk or each on its own): the samples of all of them.
	 */
	static Syncs fsync(List<Path> dirs, int count) throws IOException, InterruptedException {
		int writers = dirs.size();
		Histogram histogram = new Histogram(3);
		long[] cpuNanos = new long[writers];
		Thread[] threads = new Thread[writers];
		IOException[] failure = new IOException[1];
		for (int w = 0; w < writers; w++) {
			int writer = w;
			threads[w] = new Thread(() -> {
				try {
					Histogram own = new Histogram(3);
					cpuNanos[writer] = appendAndSync(dirs.get(writer), count, own);
					synchronized (histogram) {
						histogram.add(own);
					}
				}
				catch (IOException ex) {
					failure[0] = ex;
				}
			}, "fsync-probe-" + w);
			threads[w].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		if (failure[0] != null) {
			throw failure[0];
		}
		return new Syncs(histogram, (double) LongStream.of(cpuNanos).sum() / histogram.getTotalCount() / 1000);
	}

	/** Records the samples into {@code histogram}; returns the CPU time this thread spent on them. */
	private static long appendAndSync(Path dir, int count, Histogram histogram) throws IOException {
		Path file = Files.createTempFile(dir, "fsync-probe", ".bin");
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long cpuAtStart = 0;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			ByteBuffer block = ByteBuffer.allocateDirect(4096);
			for (int i = -count / 10; i < count; i++) {
				if (i == 0) {
					cpuAtStart = threads.getCurrentThreadCpuTime();
				}
				long start = System.nanoTime();
				channel.write(block.clear());
				channel.force(false);
				if (i >= 0) {
					histogram.recordValue(System.nanoTime() - start);
				}
			}
			return threads.getCurrentThreadCpuTime() - cpuAtStart;
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	/**
	 * What durable appends took: their latencies (ns) and the CPU time of the writing thread per
	 * append, in microseconds (user and system: the copy into the page cache, the sync's submission
	 * and the wake-ups of the thread that waits for it).
	 */
	record Syncs(Histogram latencies, double cpuMicrosPerSync) {
	}

	/** Nanoseconds of a 128-byte ping-pong over loopback TCP (TCP_NODELAY), blocking sockets. */
	static Histogram loopbackRoundTrip(int count) throws IOException, InterruptedException {
		Histogram histogram = new Histogram(3);
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread echo = new Thread(() -> echo(server), "rtt-probe-echo");
			echo.setDaemon(true);
			echo.start();
			try (Socket socket = new Socket()) {
				socket.setTcpNoDelay(true);
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
				OutputStream out = socket.getOutputStream();
				DataInputStream in = new DataInputStream(socket.getInputStream());
				byte[] message = new byte[128];
				for (int i = -count / 10; i < count; i++) {
					long start = System.nanoTime();
					out.write(message);
					in.readFully(message);
					if (i >= 0) {
						histogram.recordValue(System.nanoTime() - start);
					}
				}
			}
			echo.join(1000);
		}
		return histogram;
	}

	/**
	 * Process CPU, in % of one core, of this JVM while its only work is the heartbeat traffic of a
	 * cluster of {@code members}: every {@code interval} one thread writes 128 bytes to each of the
	 * others over loopback TCP (blocking sockets) and reads their answers. The floor of the idle
	 * figure: the wake-ups that the heartbeats cost on this machine, with none of the work around them.
	 */
	static double idleHeartbeats(int members, Duration interval, Duration window, LongSupplier processCpuNanos)
			throws IOException, InterruptedException {
		List<Socket> followers = new ArrayList<>();
		try (ServerSocket server = new ServerSocket(0, members, InetAddress.getLoopbackAddress())) {
			for (int i = 1; i < members; i++) {
				Thread echo = new Thread(() -> echo(server), "heartbeat-probe-follower");
				echo.setDaemon(true);
				echo.start();
				Socket socket = new Socket();
				followers.add(socket);
				socket.setTcpNoDelay(true);
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
			}
			Thread leader = new Thread(() -> heartbeat(followers, interval.toNanos()), "heartbeat-probe-leader");
			leader.setDaemon(true);
			leader.start();
			Thread.sleep(2000);
			long cpu = processCpuNanos.getAsLong();
			long start = System.nanoTime();
			Thread.sleep(window.toMillis());
			double percent = (processCpuNanos.getAsLong() - cpu) * 100.0 / (System.nanoTime() - start);
			leader.interrupt();
			leader.join(1000);
			return percent;
		}
		finally {
			for (Socket socket : followers) {
				socket.close();
			}
		}
	}

	/**
	 * {@code clients} client threads in a closed loop against an {@link InstantLibrary}: the rate and the
	 * process CPU per request that the wake-ups of waiting callers alone cost on this machine, the
	 * floor under the figures measured with client threads. Measured for {@code window} after
	 * {@code warmup}.
	 */
	static ClosedLoop.Window clientWakeups(int clients, Duration warmup, Duration window, CpuClock cpu)
			throws InterruptedException {
		try (InstantLibrary library = new InstantLibrary()) {
			ClosedLoop load = new ClosedLoop(library::request).startThreads(clients);
			try {
				Thread.sleep(warmup.toMillis());
				return load.measure(window.toNanos(), cpu);
			}
			finally {
				load.stop();
			}
		}
	}

	/** Each round writes and reads through streams opened once: the floor holds no work of its own. */
	private static void heartbeat(List<Socket> followers, long periodNanos) {
		byte[] message = new byte[128];
		long next = System.nanoTime();
		try {
			List<OutputStream> outs = new ArrayList<>();
			List<DataInputStream> ins = new ArrayList<>();
			for (Socket follower : followers) {
				outs.add(follower.getOutputStream());
				ins.add(new DataInputStream(follower.getInputStream()));
			}
			while (!Thread.currentThread().isInterrupted()) {
				next += periodNanos;
				LockSupport.parkNanos(next - System.nanoTime());
				for (OutputStream out : outs) {
					out.write(message);
				}
				for (DataInputStream in : ins) {
					in.readFully(message);
				}
			}
		}
		catch (IOException ex) {
			// the probe closed the sockets: it is over
		}
	}

	private static void echo(ServerSocket server) {
		try (Socket socket = server.accept()) {
			socket.setTcpNoDelay(true);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[128];
			for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// the client closed: the probe is over
		}
	}
}
