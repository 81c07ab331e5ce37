package org.raftboot.transport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.pb.ConfState;
import org.raftboot.raft.pb.Message;
import org.raftboot.raft.pb.MessageType;
import org.raftboot.raft.pb.Snapshot;
import org.raftboot.raft.pb.SnapshotMetadata;
import org.raftboot.transport.RecordingListener.SnapshotStatus;
import org.raftboot.transport.TestNodes.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.raftboot.transport.TestNodes.eventually;

class NettyTransportSnapshotTests {

	private static final int MIB = 1024 * 1024;

	private final TestNodes nodes = new TestNodes();

	@TempDir
	Path dir;

	@AfterEach
	void closeNodes() {
		this.nodes.close();
	}

	@Test
	void aTwoHundredMebibyteSnapshotStreamsWhileHeartbeatsFlowAndNeitherHeapHoldsIt() throws IOException {
		Path source = this.dir.resolve("snapshot.bin");
		long sourceCrc = writePattern(source, 200);
		Path inbox = Files.createDirectory(this.dir.resolve("inbox"));
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2, (config) -> config.snapshotDirectory(inbox));
		TestNodes.mesh(a, b);
		Path warmUp = this.dir.resolve("warm-up.bin");
		writePattern(warmUp, 2);
		a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.ofFile(warmUp));
		eventually().until(() -> a.listener().snapshotStatuses.size() == 1);
		closeAll(b.handler());

		List<Long> receivedWhenHeartbeatArrived = new CopyOnWriteArrayList<>();
		b.handler().onEachMessage((m) -> receivedWhenHeartbeatArrived.add(b.peer(1).snapshotBytesReceived()));
		long receivedBefore = b.peer(1).snapshotBytesReceived();
		long total = 200L * MIB;
		AllocationMeter meter = new AllocationMeter();

		a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.ofFile(source));
		int heartbeats = 0;
		boolean progressSeen = false;
		while (a.listener().snapshotStatuses.size() < 2) {
			a.transport().send(List.of(TestNodes.heartbeat(1, 2, ++heartbeats)));
			int expected = heartbeats;
			eventually().until(() -> b.handler().count() >= expected);
			progressSeen |= a.peer(2).snapshotProgress().filter((p) -> p.bytesSent() > 0 && p.bytesSent() < total).isPresent();
		}
		long allocated = meter.allocatedBytes();

		assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(0, 2, true),
				new SnapshotStatus(0, 2, true));
		assertThat(allocated).as("bytes allocated on the heap by every thread during the transfer")
			.isLessThan(48L * MIB);
		assertThat(receivedWhenHeartbeatArrived).as("heartbeats delivered while the snapshot was streaming")
			.anyMatch((received) -> received > receivedBefore && received < receivedBefore + total);
		assertThat(progressSeen).isTrue();
		assertThat(Thread.getAllStackTraces().keySet()).as("the file was synced while it came in")
			.anyMatch((thread) -> thread.getName().equals("raft-snapshot-sync-2"));
		assertThat(a.peer(2).snapshotProgress()).isEmpty();
		assertThat(a.peer(2).snapshotsSent()).isEqualTo(2);
		RecordingHandler.ReceivedSnapshot received = b.handler().snapshots.get(0);
		assertThat(received.message().getSnapshot().getMetadata()).isEqualTo(snap(1, 2).getSnapshot().getMetadata());
		assertThat(received.payload().size()).isEqualTo(total);
		Path file = received.payload().file().orElseThrow();
		assertThat(file.getParent()).isEqualTo(inbox);
		assertThat(crc(file)).isEqualTo(sourceCrc);
		received.payload().close();
		assertThat(inbox).isEmptyDirectory();
	}

	@Test
	void aConnectionCutMidStreamReportsFailureAndLeavesNoPartialFile() throws IOException {
		Path inbox = Files.createDirectory(this.dir.resolve("inbox"));
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2, (config) -> config.snapshotDirectory(inbox));
		TestNodes.mesh(a, b);
		try (ChokingProxy proxy = new ChokingProxy(b.address(), 5L * MIB, true)) {
			a.transport().updatePeer(2, proxy.address());
			a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.of(ByteString.copyFrom(new byte[20 * MIB])));
			eventually().until(() -> !a.listener().snapshotStatuses.isEmpty());
		}
		assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(0, 2, false));
		assertThat(a.peer(2).snapshotsFailed()).isOne();
		eventually().untilAsserted(() -> {
			assertThat(b.peer(1).snapshotBytesReceived()).isPositive().isLessThan(20L * MIB);
			assertThat(inbox).isEmptyDirectory();
		});
		assertThat(b.handler().snapshots).isEmpty();
	}

	@Test
	void aConnectionCutAfterTheFileWasSyncedInTheBackgroundLeavesNoPartialFile() throws IOException {
		Path source = this.dir.resolve("snapshot.bin");
		writePattern(source, 100);
		Path inbox = Files.createDirectory(this.dir.resolve("inbox"));
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2, (config) -> config.snapshotDirectory(inbox));
		TestNodes.mesh(a, b);
		long cutAt = SnapshotFileSync.SYNC_EVERY + 16L * MIB;
		try (ChokingProxy proxy = new ChokingProxy(b.address(), cutAt, true)) {
			a.transport().updatePeer(2, proxy.address());
			a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.ofFile(source));
			eventually().until(() -> !a.listener().snapshotStatuses.isEmpty());
		}
		assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(0, 2, false));
		eventually().untilAsserted(() -> {
			assertThat(b.peer(1).snapshotBytesReceived()).isGreaterThan(SnapshotFileSync.SYNC_EVERY).isLessThan(100L * MIB);
			assertThat(inbox).isEmptyDirectory();
		});
		assertThat(b.handler().snapshots).isEmpty();
	}

	@Test
	void aStalledSnapshotTimesOutAndASecondOneToTheSamePeerFailsAtOnce() throws IOException {
		Node a = this.nodes.start(1, (config) -> config.snapshotTimeout(Duration.ofMillis(300)));
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		try (ChokingProxy proxy = new ChokingProxy(b.address(), MIB, false)) {
			a.transport().updatePeer(2, proxy.address());
			a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.of(ByteString.copyFrom(new byte[20 * MIB])));
			eventually().until(() -> a.peer(2).snapshotProgress().isPresent());
			a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.of(ByteString.copyFromUtf8("second")));
			assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(0, 2, false));
			eventually().until(() -> a.listener().snapshotStatuses.size() == 2);
		}
		assertThat(a.listener().snapshotStatuses).containsOnly(new SnapshotStatus(0, 2, false));
		assertThat(a.peer(2).snapshotsFailed()).isEqualTo(2);
	}

	@Test
	void aSnapshotRefusedWhileAnotherStreamsToThePeerLeavesThatOneAloneAndSoIsTheNext() throws IOException {
		Node a = this.nodes.start(1, (config) -> config.snapshotTimeout(Duration.ofSeconds(10)));
		Node b = this.nodes.start(2, (config) -> config.snapshotDirectory(this.dir));
		b.transport().registerHandler(7, new RecordingHandler());
		TestNodes.mesh(a, b);
		try (ChokingProxy proxy = new ChokingProxy(b.address(), MIB, false)) {
			a.transport().updatePeer(2, proxy.address());
			a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.of(ByteString.copyFrom(new byte[20 * MIB])));
			eventually().until(() -> a.peer(2).snapshotProgress().isPresent());
			a.transport().sendSnapshot(7, snap(1, 2), SnapshotPayload.of(ByteString.copyFromUtf8("second")));
			a.transport().sendSnapshot(7, snap(1, 2), SnapshotPayload.of(ByteString.copyFromUtf8("third")));
			assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(7, 2, false),
					new SnapshotStatus(7, 2, false));
			assertThat(a.peer(2).snapshotProgress()).as("the stream in flight").isPresent();
			assertThat(a.peer(2).snapshotsFailed()).isEqualTo(2);
		}
	}

	@Test
	void removingAPeerAbandonsTheSnapshotStreamingToIt() throws IOException {
		Node a = this.nodes.start(1, (config) -> config.snapshotTimeout(Duration.ofMinutes(5)));
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		SnapshotPayload data = SnapshotPayload.of(ByteString.copyFrom(new byte[20 * MIB]));
		AtomicBoolean sourceClosed = new AtomicBoolean();
		SnapshotPayload watched = new SnapshotPayload() {
			@Override
			public long size() {
				return data.size();
			}

			@Override
			public ReadableByteChannel openChannel() throws IOException {
				ReadableByteChannel source = data.openChannel();
				return new ReadableByteChannel() {
					@Override
					public int read(ByteBuffer dst) throws IOException {
						return source.read(dst);
					}

					@Override
					public boolean isOpen() {
						return source.isOpen();
					}

					@Override
					public void close() throws IOException {
						sourceClosed.set(true);
						source.close();
					}
				};
			}
		};
		try (ChokingProxy proxy = new ChokingProxy(b.address(), MIB, false)) {
			a.transport().updatePeer(2, proxy.address());
			a.transport().sendSnapshot(0, snap(1, 2), watched);
			eventually().until(() -> a.peer(2).snapshotProgress().isPresent());
			a.transport().removePeer(2);
			eventually().untilTrue(sourceClosed);
		}
	}

	@Test
	void aReceiverAbandonsASnapshotWhoseSenderWentSilentWithoutClosing() throws IOException {
		Path inbox = Files.createDirectory(this.dir.resolve("inbox"));
		Node a = this.nodes.start(1, (config) -> config.snapshotTimeout(Duration.ofMillis(300)));
		Node b = this.nodes.start(2, (config) -> config.snapshotDirectory(inbox).snapshotTimeout(Duration.ofMillis(300)));
		TestNodes.mesh(a, b);
		try (ChokingProxy proxy = new ChokingProxy(b.address(), 2L * MIB, false)) {
			a.transport().updatePeer(2, proxy.address());
			a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.of(ByteString.copyFrom(new byte[20 * MIB])));
			eventually().until(() -> b.peer(1).snapshotBytesReceived() > 0);
			eventually().untilAsserted(() -> assertThat(inbox).as("the stalled stream's partial file").isEmptyDirectory());
			assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(0, 2, false));
		}
	}

	@Test
	void aSnapshotForAGroupNobodyServesIsRefused() {
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2);
		TestNodes.mesh(a, b);
		a.transport().sendSnapshot(4, snap(1, 2), SnapshotPayload.of(ByteString.copyFromUtf8("data")));
		eventually().until(() -> !a.listener().snapshotStatuses.isEmpty());
		assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(4, 2, false));
		assertThat(b.transport().metrics().inboundDropped()).isOne();
	}

	@Test
	void aHandlerThatRefusesASnapshotFailsItAndItsFileIsDeleted() throws IOException {
		Path inbox = Files.createDirectory(this.dir.resolve("inbox"));
		Node a = this.nodes.start(1);
		Node b = this.nodes.start(2, (config) -> config.snapshotDirectory(inbox));
		TestNodes.mesh(a, b);
		b.transport().registerHandler(0, new RecordingHandler() {
			@Override
			public void onSnapshot(Message message, SnapshotPayload payload) {
				throw new IllegalStateException("not now");
			}
		});
		a.transport().sendSnapshot(0, snap(1, 2), SnapshotPayload.of(ByteString.copyFrom(new byte[3 * MIB])));
		eventually().until(() -> !a.listener().snapshotStatuses.isEmpty());
		assertThat(a.listener().snapshotStatuses).containsExactly(new SnapshotStatus(0, 2, false));
		assertThat(inbox).isEmptyDirectory();
	}

	private static Message snap(long from, long to) {
		return Message.newBuilder()
			.setType(MessageType.MsgSnap)
			.setFrom(from)
			.setTo(to)
			.setTerm(5)
			.setSnapshot(Snapshot.newBuilder()
				.setMetadata(SnapshotMetadata.newBuilder()
					.setIndex(1000)
					.setTerm(5)
					.setConfState(ConfState.newBuilder().addVoters(1).addVoters(2))))
			.build();
	}

	private static void closeAll(RecordingHandler handler) throws IOException {
		for (RecordingHandler.ReceivedSnapshot snapshot : handler.snapshots) {
			snapshot.payload().close();
		}
		handler.snapshots.clear();
	}

	/** Writes {@code mebibytes} MiB of pseudo-random bytes through one reused direct buffer; returns their CRC. */
	private static long writePattern(Path file, int mebibytes) throws IOException {
		ByteBuffer block = ByteBuffer.allocateDirect(MIB);
		SplittableRandom random = new SplittableRandom(42);
		while (block.hasRemaining()) {
			block.putLong(random.nextLong());
		}
		CRC32 crc = new CRC32();
		try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			for (int i = 0; i < mebibytes; i++) {
				block.clear();
				block.putInt(0, i);
				crc.update(block.duplicate());
				while (block.hasRemaining()) {
					out.write(block);
				}
			}
		}
		return crc.getValue();
	}

	private static long crc(Path file) throws IOException {
		ByteBuffer block = ByteBuffer.allocateDirect(MIB);
		CRC32 crc = new CRC32();
		try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
			while (in.read(block.clear()) > 0) {
				crc.update(block.flip());
			}
		}
		return crc.getValue();
	}

	/** Heap bytes allocated by every live thread since creation (threads that died in between are not counted). */
	private static final class AllocationMeter {

		private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();

		private final Map<Long, Long> start = sample();

		long allocatedBytes() {
			Map<Long, Long> end = sample();
			return end.entrySet().stream().mapToLong((e) -> e.getValue() - this.start.getOrDefault(e.getKey(), 0L)).sum();
		}

		private Map<Long, Long> sample() {
			long[] ids = this.threads.getAllThreadIds();
			long[] bytes = this.threads.getThreadAllocatedBytes(ids);
			Map<Long, Long> sample = new HashMap<>();
			for (int i = 0; i < ids.length; i++) {
				if (bytes[i] >= 0) {
					sample.put(ids[i], bytes[i]);
				}
			}
			return sample;
		}
	}
}
