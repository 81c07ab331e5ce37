package org.raftboot.benchmarks;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.raftboot.raft.pb.Message;
import org.raftboot.transport.MessageHandler;
import org.raftboot.transport.NettyTransport;
import org.raftboot.transport.SnapshotPayload;
import org.raftboot.transport.Transport;
import org.raftboot.transport.TransportConfig;
import org.raftboot.transport.TransportListener;

/**
 * MsgApp batches from one {@link NettyTransport} to another on loopback, with at most
 * {@link AppendBatches#WINDOW} messages in flight (the receiver's count is the acknowledgement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TransportThroughputBenchmark {

	@Param({ "128", "4096" })
	public int entrySize;

	@Param({ "64" })
	public int entriesPerMessage;

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private NettyTransport sender;

	private NettyTransport receiver;

	private List<Message> batch;

	private long sent;

	@Setup(Level.Trial)
	public void start() {
		this.sender = transport(1);
		this.receiver = transport(2);
		this.receiver.registerHandler(Transport.DEFAULT_GROUP, new MessageHandler() {
			@Override
			public void onMessage(Message message) {
				TransportThroughputBenchmark.this.received.incrementAndGet();
			}

			@Override
			public void onSnapshot(Message message, SnapshotPayload payload) {
			}
		});
		this.sender.addPeer(2, this.receiver.localAddress());
		this.receiver.addPeer(1, this.sender.localAddress());
		this.batch = List.of(AppendBatches.msgApp(1, 2, this.entriesPerMessage, this.entrySize));
	}

	@Benchmark
	public void msgApp(Throughput throughput) {
		AppendBatches.awaitWindow(this.sent, this.received::get, 1);
		this.sender.send(this.batch);
		this.sent++;
		throughput.entries += this.entriesPerMessage;
		throughput.bytes += (long) this.entriesPerMessage * this.entrySize;
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.sender.close();
		this.receiver.close();
		if (this.dropped.get() > 0) {
			throw new IllegalStateException(this.dropped.get() + " messages were dropped; the window is too large");
		}
	}

	private NettyTransport transport(long nodeId) {
		TransportConfig config = TransportConfig.builder(1, nodeId).bindAddress(new InetSocketAddress("127.0.0.1", 0)).build();
		NettyTransport transport = new NettyTransport(config, new TransportListener() {
			@Override
			public void onUnreachable(long groupId, long peerId) {
				TransportThroughputBenchmark.this.dropped.incrementAndGet();
			}

			@Override
			public void onSnapshotStatus(long groupId, long peerId, boolean success) {
			}
		});
		transport.start();
		return transport;
	}
}
