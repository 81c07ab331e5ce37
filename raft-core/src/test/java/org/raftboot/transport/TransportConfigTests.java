package org.raftboot.transport;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TransportConfigTests {

	@Test
	void defaultsFollowTheDocumentedValues() {
		TransportConfig config = TransportConfig.builder(7, 1).build();
		assertThat(config.clusterId()).isEqualTo(7);
		assertThat(config.nodeId()).isEqualTo(1);
		assertThat(config.bindAddress().getPort()).isZero();
		assertThat(config.maxFrameSize()).isEqualTo(16 * 1024 * 1024);
		assertThat(config.maxQueuedMessages()).isEqualTo(4096);
		assertThat(config.maxQueuedBytes()).isEqualTo(64L * 1024 * 1024);
		assertThat(config.snapshotChunkSize()).isEqualTo(1024 * 1024);
		assertThat(config.snapshotTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.reconnectBackoffMin()).isEqualTo(Duration.ofMillis(100));
		assertThat(config.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(config.ioThreads()).isEqualTo(1);
		assertThat(config.preferNativeTransport()).isTrue();
		assertThat(config.tls()).isNull();
	}

	@Test
	void nodeIdZeroIsRefused() {
		assertRefused((b) -> TransportConfig.builder(7, 0), "nodeId must not be 0");
	}

	@Test
	void aTinyFrameSizeIsRefused() {
		assertRefused((b) -> b.maxFrameSize(100), "maxFrameSize must be at least 1024 bytes, was 100");
	}

	@Test
	void queueLimitsMustBePositiveAndHoldAFrame() {
		assertRefused((b) -> b.maxQueuedMessages(0), "maxQueuedMessages must be positive, was 0");
		assertRefused((b) -> b.maxQueuedBytes(1024), "maxQueuedBytes (1024) must be at least maxFrameSize (16777216)");
	}

	@Test
	void aSnapshotChunkMustFitInAFrame() {
		assertRefused((b) -> b.snapshotChunkSize(16 * 1024 * 1024),
				"snapshotChunkSize must be between 1 and maxFrameSize - 9, was 16777216");
		assertRefused((b) -> b.snapshotChunkSize(0), "snapshotChunkSize must be between 1 and maxFrameSize - 9, was 0");
		assertThat(TransportConfig.builder(7, 1).snapshotChunkSize(16 * 1024 * 1024 - 9).build().snapshotChunkSize())
			.isEqualTo(16 * 1024 * 1024 - 9);
	}

	@Test
	void durationsMustBePositiveAndTheBackoffOrdered() {
		assertRefused((b) -> b.snapshotTimeout(Duration.ZERO), "snapshotTimeout must be positive, was PT0S");
		assertRefused((b) -> b.connectTimeout(Duration.ofSeconds(-1)), "connectTimeout must be positive, was PT-1S");
		assertRefused((b) -> b.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)),
				"reconnectBackoffMax (PT1S) must not be shorter than reconnectBackoffMin (PT2S)");
		assertRefused((b) -> b.ioThreads(0), "ioThreads must be positive, was 0");
	}

	private static void assertRefused(UnaryOperator<TransportConfig.Builder> customizer, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> customizer.apply(TransportConfig.builder(7, 1)).build())
			.withMessageContaining(message);
	}
}
