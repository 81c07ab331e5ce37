package org.raftboot.transport;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.raft.pb.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbound pipeline (header, framing, message and snapshot handlers, guard) on an embedded channel,
 * fed thousands of seeded fuzzed connections in random chunks: each one is taken or closed exactly as
 * {@link InboundModel} says, only the documented exceptions reach the guard, and no input makes the
 * decoder allocate in proportion to a length it claims. {@code -Dfuzz.seed=N} moves the seeds.
 */
class FrameFuzzingTests {

	private static final int CONNECTIONS = 2_000;

	private static final int WARM_UP = 100;

	/** Far below the 16 MiB a decoder trusting a claimed length would allocate. */
	private static final long ALLOCATION_LIMIT = 4L << 20;

	private static final long NODE = 1;

	private static final long SENDER = 2;

	private static final long OTHER = 3;

	private static final FrameFuzzer.Identity ID = new FrameFuzzer.Identity(7, NODE, SENDER, Set.of(SENDER, OTHER),
			0, TransportConfig.DEFAULT_MAX_FRAME_SIZE);

	private final Logger guardLog = Logger.getLogger(InboundGuard.class.getName());

	@TempDir
	Path dir;

	@AfterEach
	void restoreLogging() {
		this.guardLog.setLevel(null);
	}

	@Test
	void everyFuzzedConnectionIsTakenOrClosedAsTheModelSaysWithOnlyDocumentedErrorsAndNoHugeAllocation() {
		this.guardLog.setLevel(Level.OFF);
		long base = Long.getLong("fuzz.seed", 20261125L);
		System.out.println("FrameFuzzingTests: seeds " + base + ".." + (base + CONNECTIONS - 1) + " (-Dfuzz.seed=" + base + ")");
		for (long seed = base; seed < base + WARM_UP; seed++) {
			check(seed);
		}
		int rejected = 0;
		long maxAllocated = 0;
		for (long seed = base; seed < base + CONNECTIONS; seed++) {
			long before = allocatedBytes();
			if (check(seed)) {
				rejected++;
			}
			long allocated = allocatedBytes() - before;
			assertThat(allocated).as("bytes allocated for seed %d", seed).isLessThan(ALLOCATION_LIMIT);
			maxAllocated = Math.max(maxAllocated, allocated);
		}
		System.out.println("FrameFuzzingTests: " + CONNECTIONS + " connections, " + rejected
				+ " rejected or cut, most allocated for one: " + maxAllocated + " bytes");
		assertThat(rejected).isGreaterThan(CONNECTIONS / 2);
	}

	@Test
	void framesThatArriveBehindABadOneInTheSameReadAreNotDelivered() {
		assertNothingDeliveredBehindABadFrame(new Inbound(this.dir));
	}

	@Test
	void framesBehindABadOneAreNotDeliveredWhileTheCloseIsUnderWay() {
		Inbound inbound = new Inbound(this.dir);
		inbound.channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {

			@Override
			public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
				// held back, as a TLS close waits for its close_notify to be written
			}

		});
		assertNothingDeliveredBehindABadFrame(inbound);
	}

	private void assertNothingDeliveredBehindABadFrame(Inbound inbound) {
		this.guardLog.setLevel(Level.OFF);
		ByteBuf bytes = Unpooled.buffer();
		new Preface(Preface.MESSAGES, ID.clusterId(), SENDER, NODE).writeTo(bytes);
		Message spoofed = TestNodes.heartbeat(OTHER, NODE, 1);
		Frames.writeMessage(bytes, ID.liveGroup(), spoofed, spoofed.getSerializedSize());
		Message behind = TestNodes.heartbeat(SENDER, NODE, 2);
		Frames.writeMessage(bytes, ID.liveGroup(), behind, behind.getSerializedSize());
		Frames.writeMessage(bytes, ID.liveGroup() + 1, behind, behind.getSerializedSize());
		byte[] connection = ByteBufUtil.getBytes(bytes);
		inbound.channel.writeInbound(Unpooled.wrappedBuffer(connection));
		if (inbound.channel.isOpen()) {
			inbound.channel.writeInbound(Unpooled.wrappedBuffer(connection, Preface.SIZE, connection.length - Preface.SIZE));
		}
		inbound.channel.finishAndReleaseAll();
		assertThat(inbound.live.count()).isZero();
		assertThat(inbound.metrics.inboundDropped()).isZero();
		assertThat(inbound.metrics.rejectedConnections(RejectReason.MALFORMED_FRAME)).isOne();
		assertThat(inbound.metrics.rejectedConnections()).isOne();
	}

	/** Runs one fuzzed connection; true if the pipeline rejected it. */
	private boolean check(long seed) {
		FrameFuzzer.Connection connection = new FrameFuzzer(ID, seed).next();
		String what = "seed " + seed + ": " + connection.mutation();
		Inbound inbound = new Inbound(this.dir);
		EmbeddedChannel channel = inbound.channel;
		byte[] bytes = connection.bytes();
		Random chunks = new Random(seed);
		for (int at = 0; at < bytes.length && channel.isOpen();) {
			int n = 1 + chunks.nextInt(bytes.length - at);
			channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
			at += n;
		}
		boolean closedBeforeEnd = !channel.isOpen();
		channel.finishAndReleaseAll();
		assertThat(inbound.probe.unexpected).as(what).isEmpty();
		assertThat(closedBeforeEnd).as(what).isEqualTo(connection.rejected());
		assertThat(inbound.metrics.rejectedConnections()).as(what)
			.isEqualTo((connection.rejected() || connection.truncated()) ? 1 : 0);
		assertThat(inbound.metrics.inboundDropped()).as(what).isEqualTo(connection.dropped());
		assertThat(inbound.live.count()).as(what).isEqualTo(connection.ignored());
		assertThat(inbound.live.snapshots).as(what).isEmpty();
		return inbound.metrics.rejectedConnections() > 0;
	}

	/** A member's inbound pipeline on an embedded channel, with a probe in front of its guard. */
	private static final class Inbound {

		final Map<Long, PeerMetrics> peers = Map.of(SENDER, new PeerMetrics(SENDER), OTHER, new PeerMetrics(OTHER));

		final TransportMetrics metrics = new TransportMetrics(this.peers);

		final RecordingHandler live = new RecordingHandler();

		final ExceptionProbe probe = new ExceptionProbe();

		final EmbeddedChannel channel = new EmbeddedChannel();

		Inbound(Path snapshots) {
			TransportConfig config = TransportConfig.builder(ID.clusterId(), NODE).snapshotDirectory(snapshots).build();
			InboundRouting routing = new InboundRouting(config, this.metrics, this.peers, Map.of(ID.liveGroup(), this.live),
					Runnable::run, (peerId) -> {
					});
			this.channel.config().setAllocator(new UnpooledByteBufAllocator(false));
			this.channel.pipeline()
				.addLast("preface", new PrefaceHandler(routing))
				.addLast(NettyTransport.GUARD, this.probe)
				.addLast("inbound-guard", new InboundGuard(this.metrics));
		}

	}

	private static long allocatedBytes() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
	}

	/** Notes any exception on its way to the guard that is not one of the documented rejections. */
	private static final class ExceptionProbe extends ChannelInboundHandlerAdapter {

		final List<Throwable> unexpected = new ArrayList<>();

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			Throwable t = (cause instanceof DecoderException && cause.getCause() != null
					&& !(cause instanceof TooLongFrameException) && !(cause instanceof CorruptedFrameException))
							? cause.getCause() : cause;
			if (!(t instanceof RejectedConnectionException || t instanceof TooLongFrameException
					|| t instanceof CorruptedFrameException)) {
				this.unexpected.add(cause);
			}
			ctx.fireExceptionCaught(cause);
		}

	}

}
