package org.raftboot.benchmarks.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.raftboot.benchmarks.Report;
import org.raftboot.server.RaftServer;
import org.raftboot.server.RaftServerConfig;
import org.raftboot.server.StateMachine;

/**
 * Snapshot install on a follower over loopback: two members of a three-member cluster take a
 * snapshot of {@code --snapshot-size} bytes ({@link Blob}) and compact their log; the third then
 * starts empty and is caught up by the leader's snapshot. The figure is the snapshot's size over
 * the time from the third member's start until it applied the snapshot (transport stream, file
 * write, restore). Run with a heap of about four times the size: the runtime holds a snapshot in
 * memory while taking and sending it.
 * <pre>
 * java -Xmx6g -cp benchmarks.jar org.raftboot.benchmarks.cluster.SnapshotInstallBenchmark --snapshot-size=1024
 * </pre>
 */
public final class SnapshotInstallBenchmark {

	private static final int ENTRIES = 100;

	private SnapshotInstallBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long megabytes = 1024;
		boolean fsync = true;
		Path dir = Path.of(System.getProperty("java.io.tmpdir"));
		for (String arg : args) {
			if (arg.startsWith("--snapshot-size=")) {
				megabytes = Long.parseLong(arg.substring("--snapshot-size=".length()));
			}
			else if (arg.startsWith("--fsync=")) {
				fsync = Boolean.parseBoolean(arg.substring("--fsync=".length()));
			}
			else if (arg.startsWith("--dir=")) {
				dir = Path.of(arg.substring("--dir=".length()));
			}
			else {
				System.err.println("usage: SnapshotInstallBenchmark [--snapshot-size=<MiB, 1024>] [--fsync=true] [--dir=<tmp>]");
				System.exit(2);
			}
		}
		long size = megabytes << 20;
		List<Blob> blobs = new ArrayList<>();
		Report report = new Report(System.out, "nodes=3 snapshot_mib=" + megabytes + " fsync=" + (fsync ? "on" : "off"));
		// Taking a large snapshot holds up the apply thread for a while: proposals wait rather than time out.
		UnaryOperator<RaftServerConfig.Builder> tuning = (config) -> config.snapshot(ENTRIES, 1)
			.requestTimeout(Duration.ofMinutes(5));
		Supplier<StateMachine> machines = () -> {
			Blob blob = new Blob(size);
			blobs.add(blob);
			return blob;
		};
		try (BenchCluster cluster = BenchCluster.create(Collections.nCopies(3, dir), fsync, 0, tuning, machines)) {
			cluster.startMember(1);
			cluster.startMember(2);
			RaftServer leader = cluster.awaitLeader(Duration.ofSeconds(30));
			long taking = System.nanoTime();
			for (int i = 0; i < ENTRIES; i++) {
				leader.propose(ValueStore.value(i, 8)).join();
			}
			while (cluster.servers().stream().anyMatch((s) -> s.snapshotsTaken() == 0)) {
				Thread.sleep(10);
			}
			report.figure("snapshot.propose_take_compact", (System.nanoTime() - taking) / 1e6, "ms");
			long start = System.nanoTime();
			RaftServer joiner = cluster.startMember(3);
			long streaming = 0;
			while (joiner.snapshotsReceived() == 0 || joiner.lastApplied() < ENTRIES) {
				if (streaming == 0 && cluster.snapshotBytesReceived(3) > 0) {
					streaming = System.nanoTime();
				}
				Thread.sleep(streaming == 0 ? 1 : 5);
			}
			long end = System.nanoTime();
			double seconds = (end - start) / 1e9;
			report.figure("snapshot.install_time", seconds * 1000, "ms");
			report.atLeast("snapshot.install_rate", megabytes / seconds, "MiB/s", 200);
			if (streaming != 0) {
				// Before the stream: the new member's start, until it first calls on its peers (its
				// election timeout) and so ends the leader's backoff from its outage, then raft's probe.
				// From the first byte on, the install itself: transfer, copy into the storage, fsync,
				// restore.
				double streamSeconds = (end - streaming) / 1e9;
				report.figure("snapshot.wait_for_stream", (streaming - start) / 1e6, "ms");
				report.figure("snapshot.stream_install_time", streamSeconds * 1000, "ms");
				report.atLeast("snapshot.stream_install_rate", megabytes / streamSeconds, "MiB/s", 200);
			}
			report.figure("snapshot.restored", blobs.get(2).restoredBytes() >> 20, "MiB");
		}
		System.exit(0);
	}
}
