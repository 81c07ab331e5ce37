package org.raftboot.spring.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.raftboot.raft.ReadOnlyOption;
import org.raftboot.server.RaftServer;
import org.raftboot.storage.FileStorageOptions;
import org.raftboot.transport.TransportConfig;

import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Checks every {@code raft.*} value before anything is opened or bound, so that a value out of range
 * fails start-up with a {@link RaftStartupException} naming the property, instead of an exception deep
 * in the runtime (or a node that starts with a setting it cannot honour).
 */
final class PropertyChecks {

	/** The largest frame size accepted: one message, far below the 2 GiB a frame can count. */
	private static final long MAX_FRAME_SIZE = 1L << 30;

	/**
	 * What a frame holds beside an append message's entries: the frame header and the message's other
	 * fields, with room to spare, as the runtime reckons when it is built.
	 */
	private static final long FRAME_ENVELOPE = TransportConfig.DEFAULT_MAX_FRAME_SIZE
			- TransportConfig.maxMessageSize(TransportConfig.DEFAULT_MAX_FRAME_SIZE) + RaftServer.MESSAGE_OVERHEAD;

	/**
	 * The longest tick interval, election timeout and request timeout accepted: the runtime adds them,
	 * in nanoseconds, to {@code System.nanoTime()}, and 292 years overflow a long.
	 */
	private static final Duration MAX_DURATION = Duration.ofDays(365);

	private PropertyChecks() {
	}

	/**
	 * The validated peers (see {@link PeerAddresses#of}, {@link PeerKeys#check}), once every other value
	 * is checked too.
	 */
	static Map<Long, InetSocketAddress> check(RaftProperties properties, Environment environment) {
		PeerKeys.check(environment);
		Map<Long, InetSocketAddress> peers = PeerAddresses.of(properties);
		duration("raft.tick-interval", properties.getTickInterval());
		atLeast("raft.heartbeat-tick", properties.getHeartbeatTick(), 1);
		if (properties.getElectionTick() <= properties.getHeartbeatTick()) {
			throw RaftStartupException.invalidProperty("raft.election-tick", properties.getElectionTick(),
					"must be greater than raft.heartbeat-tick (" + properties.getHeartbeatTick() + ")");
		}
		Duration electionTimeout = properties.getTickInterval().multipliedBy(properties.getElectionTick());
		if (electionTimeout.compareTo(MAX_DURATION) > 0) {
			throw RaftStartupException.invalidCombination("raft.election-tick", properties.getElectionTick(),
					"must keep the election timeout (raft.election-tick x raft.tick-interval, " + seconds(electionTimeout)
							+ ") at most " + MAX_DURATION.toDays() + "d",
					"raft.tick-interval");
		}
		if (properties.getReadOnlyOption() == ReadOnlyOption.LEASE_BASED && !properties.isCheckQuorum()) {
			throw RaftStartupException.invalidCombination("raft.read-only-option", "lease-based",
					"needs raft.check-quorum=true: a leader that does not check its quorum cannot trust its lease",
					"raft.check-quorum");
		}
		between("raft.max-size-per-msg", properties.getMaxSizePerMsg(), 0, MAX_FRAME_SIZE);
		atLeast("raft.max-inflight-msgs", properties.getMaxInflightMsgs(), 1);
		atLeast("raft.max-uncommitted-entries-size", properties.getMaxUncommittedEntriesSize(), 0);
		DataSize inflightBytes = properties.getMaxInflightBytes();
		if (inflightBytes.toBytes() != 0 && inflightBytes.toBytes() < Math.max(properties.getMaxSizePerMsg().toBytes(), 1)) {
			throw RaftStartupException.invalidProperty("raft.max-inflight-bytes", inflightBytes,
					"must be 0 (unlimited) or at least raft.max-size-per-msg (" + properties.getMaxSizePerMsg() + ")");
		}
		atLeast("raft.max-committed-size-per-ready", properties.getMaxCommittedSizePerReady(), 0);
		duration("raft.request-timeout", properties.getRequestTimeout());
		RaftProperties.Transport transport = properties.getTransport();
		Integer port = transport.getPort();
		if (port != null && (port < 0 || port > 65535)) {
			throw RaftStartupException.invalidProperty("raft.transport.port", port, "must be from 0 to 65535");
		}
		if (new InetSocketAddress(transport.getBindAddress().strip(), 0).isUnresolved()) {
			throw RaftStartupException.invalidProperty("raft.transport.bind-address", "'" + transport.getBindAddress() + "'",
					"must be an IP address or a host name of this machine");
		}
		between("raft.transport.max-frame-size", transport.getMaxFrameSize(), 1024, MAX_FRAME_SIZE);
		frameHoldsAMessage(transport.getMaxFrameSize().toBytes(), properties.getMaxSizePerMsg().toBytes());
		between("raft.storage.segment-size", properties.getStorage().getSegmentSize(), 4096,
				FileStorageOptions.MAX_SEGMENT_SIZE);
		atLeast("raft.snapshot.entries", properties.getSnapshot().getEntries(), 1);
		atLeast("raft.snapshot.catch-up-entries", properties.getSnapshot().getCatchUpEntries(), 0);
		return peers;
	}

	private static void duration(String property, Duration value) {
		if (value.compareTo(MAX_DURATION) > 0) {
			throw RaftStartupException.invalidProperty(property, seconds(value),
					"must be at most " + MAX_DURATION.toDays() + "d");
		}
		if (value.isNegative() || value.isZero()) {
			throw RaftStartupException.invalidProperty(property, value.toMillis() + "ms", "must be positive");
		}
	}

	/** Whole seconds: never overflows, unlike milliseconds. */
	private static String seconds(Duration value) {
		return value.toSeconds() + "s";
	}

	/**
	 * A lagging follower gets append messages of up to raft.max-size-per-msg of entries; one that does not
	 * fit a frame is dropped and the same batch sent again, forever. In the message each entry also takes a tag and a
	 * length, at least 2 bytes for an entry of at least 4 (its term and index): half its size at worst.
	 */
	private static void frameHoldsAMessage(long frame, long maxSizePerMsg) {
		if (maxSizePerMsg > RaftServer.largestMaxSizePerMsg(TransportConfig.maxMessageSize(frame))) {
			throw RaftStartupException.invalidCombination("raft.transport.max-frame-size", DataSize.ofBytes(frame),
					"must hold the largest append message, 1.5 x raft.max-size-per-msg (" + DataSize.ofBytes(maxSizePerMsg)
							+ ") + " + FRAME_ENVELOPE + "B: at least " + DataSize.ofBytes(FRAME_ENVELOPE + (3 * maxSizePerMsg + 1) / 2),
					"raft.max-size-per-msg");
		}
	}

	private static void atLeast(String property, long value, long min) {
		if (value < min) {
			throw RaftStartupException.invalidProperty(property, value, "must be at least " + min);
		}
	}

	private static void atLeast(String property, DataSize value, long min) {
		if (value.toBytes() < min) {
			throw RaftStartupException.invalidProperty(property, value, "must be at least " + DataSize.ofBytes(min));
		}
	}

	private static void between(String property, DataSize value, long min, long max) {
		if (value.toBytes() < min || value.toBytes() > max) {
			throw RaftStartupException.invalidProperty(property, value,
					"must be from " + DataSize.ofBytes(min) + " to " + DataSize.ofBytes(max));
		}
	}

}
