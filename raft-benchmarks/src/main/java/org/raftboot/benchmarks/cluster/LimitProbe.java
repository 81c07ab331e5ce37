package org.raftboot.benchmarks.cluster;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.HdrHistogram.Histogram;

/**
 * The machine's limits the cluster figures are judged against, measured in the same run: a durable
 * append (4 KiB written at the end of a file, then {@code FileChannel.force(false)}, i.e. fdatasync)
 * on the disk of the data directory, alone and by as many writers at once as the cluster has
 * members, and a 128-byte round trip over loopback TCP.
 */
final class LimitProbe {

	private LimitProbe() {
	}

	/**
	 * Nanoseconds of 4 KiB append + fdatasync, {@code count} samples per writer after a short warm-up.
	 * With several writers (one per cluster member, each on a file of its own in {@code dir}, all at
	 * once, as the members of a cluster on one machine sync together), the samples of all of them.
	 */
	static Histogram fsync(Path dir, int writers, int count) throws IOException, InterruptedException {
		Histogram histogram = new Histogram(3);
		Thread[] threads = new Thread[writers];
		IOException[] failure = new IOException[1];
		for (int w = 0; w < writers; w++) {
			threads[w] = new Thread(() -> {
				try {
					Histogram own = appendAndSync(dir, count);
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
		return histogram;
	}

	private static Histogram appendAndSync(Path dir, int count) throws IOException {
		Path file = Files.createTempFile(dir, "fsync-probe", ".bin");
		Histogram histogram = new Histogram(3);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			ByteBuffer block = ByteBuffer.allocateDirect(4096);
			for (int i = -count / 10; i < count; i++) {
				long start = System.nanoTime();
				channel.write(block.clear());
				channel.force(false);
				if (i >= 0) {
					histogram.recordValue(System.nanoTime() - start);
				}
			}
		}
		finally {
			Files.deleteIfExists(file);
		}
		return histogram;
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
