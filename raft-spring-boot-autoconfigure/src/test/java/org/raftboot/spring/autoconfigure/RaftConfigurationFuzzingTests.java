package org.raftboot.spring.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raftboot.storage.FileStorage;
import org.raftboot.storage.FileStorageOptions;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad {@code raft.*} values (out of range, non-numeric, overflowing, malformed addresses and ids):
 * start-up fails with one clear analysis naming the property, from {@link RaftStartupFailureAnalyzer}
 * (or Spring Boot's own for a value that does not even convert to the property's type), and leaves
 * nothing behind: the storage directory is not locked (also when the port fails after the storage
 * was opened). A seeded part throws random junk at every
 * numeric property ({@code -Dfuzz.seed=N}).
 */
class RaftConfigurationFuzzingTests {

	private static final int RANDOM_CASES = 8;

	/** Spring Boot's analyzer of values that do not convert (package-private, so found by name). */
	private static final FailureAnalyzer BIND_ANALYZER = BeanUtils.instantiateClass(ClassUtils
		.resolveClassName("org.springframework.boot.diagnostics.analyzer.BindFailureAnalyzer", null), FailureAnalyzer.class);

	private static final String[] NUMERIC = { "raft.node-id", "raft.cluster-id", "raft.tick-interval", "raft.election-tick",
			"raft.heartbeat-tick", "raft.max-size-per-msg", "raft.max-inflight-msgs", "raft.max-uncommitted-entries-size",
			"raft.max-inflight-bytes", "raft.max-committed-size-per-ready", "raft.request-timeout", "raft.transport.port",
			"raft.transport.max-frame-size", "raft.storage.segment-size",
			"raft.snapshot.entries", "raft.snapshot.catch-up-entries", "raft.health.max-applied-lag" };

	/** Start-ups explained by our analyzer and by Spring Boot's, for the figures. */
	private static final AtomicInteger[] EXPLAINED = { new AtomicInteger(), new AtomicInteger() };

	@TempDir
	Path dir;

	@AfterAll
	static void printFigures() {
		System.out.println("RaftConfigurationFuzzingTests: " + (EXPLAINED[0].get() + EXPLAINED[1].get())
				+ " start-ups failed, explained by RaftStartupFailureAnalyzer: " + EXPLAINED[0].get()
				+ ", by Spring Boot's bind analyzer: " + EXPLAINED[1].get());
	}

	private final RaftStartupFailureAnalyzer analyzer = new RaftStartupFailureAnalyzer();

	static Stream<Arguments> invalidValues() {
		return Stream.of(
				Arguments.of("raft.node-id", "-1", "raft.node-id is invalid (-1)"),
				Arguments.of("raft.tick-interval", "0ms", "raft.tick-interval"),
				Arguments.of("raft.election-tick", "0", "raft.election-tick"),
				Arguments.of("raft.election-tick", "1", "raft.election-tick is 1, but it must be greater than raft.heartbeat-tick (1)"),
				Arguments.of("raft.heartbeat-tick", "0", "raft.heartbeat-tick"),
				Arguments.of("raft.heartbeat-tick", "10", "raft.heartbeat-tick"),
				Arguments.of("raft.tick-interval", "366d", "raft.tick-interval is 31622400s, but it must be at most 365d"),
				Arguments.of("raft.election-tick", "400000000",
						"raft.election-tick is 400000000, but it must keep the election timeout (raft.election-tick x raft.tick-interval, 40000000s) at most 365d"),
				Arguments.of("raft.max-size-per-msg", "-1B", "raft.max-size-per-msg"),
				Arguments.of("raft.max-size-per-msg", "2GB", "raft.max-size-per-msg"),
				Arguments.of("raft.max-inflight-msgs", "0", "raft.max-inflight-msgs"),
				Arguments.of("raft.max-uncommitted-entries-size", "-1B", "raft.max-uncommitted-entries-size"),
				Arguments.of("raft.max-inflight-bytes", "4KB",
						"raft.max-inflight-bytes is 4096B, but it must be 0 (unlimited) or at least raft.max-size-per-msg (1048576B)"),
				Arguments.of("raft.max-committed-size-per-ready", "-1B", "raft.max-committed-size-per-ready"),
				Arguments.of("raft.request-timeout", "0s", "raft.request-timeout"),
				Arguments.of("raft.request-timeout", "200000d", "raft.request-timeout is 17280000000s, but it must be at most 365d"),
				Arguments.of("raft.transport.port", "-1", "raft.transport.port"),
				Arguments.of("raft.transport.port", "65536", "raft.transport.port is 65536, but it must be from 0 to 65535"),
				Arguments.of("raft.transport.max-frame-size", "3GB", "raft.transport.max-frame-size"),
				Arguments.of("raft.transport.max-frame-size", "64KB",
						"raft.transport.max-frame-size is 65536B, but it must hold the largest append message, 1.5 x raft.max-size-per-msg (1048576B) + 1033B: at least 1573897B"),
				Arguments.of("raft.storage.segment-size", "2GB", "raft.storage.segment-size"),
				Arguments.of("raft.snapshot.entries", "0", "raft.snapshot.entries"),
				Arguments.of("raft.snapshot.catch-up-entries", "-1", "raft.snapshot.catch-up-entries"),
				Arguments.of("raft.transport.bind-address", "not an address", "raft.transport.bind-address"),
				Arguments.of("raft.peers.1", "127.0.0.1", "raft.peers.1 '127.0.0.1' is not a valid peer: expected host:port"),
				Arguments.of("raft.peers.1", "127.0.0.1:0", "the port is out of range"),
				Arguments.of("raft.peers.1", "127.0.0.1:99999999999", "the port is not a number"),
				Arguments.of("raft.peers.1", "[::1:7001", "raft.peers.1 '[::1:7001' is not a valid peer"),
				Arguments.of("raft.peers.1", "a b:7001", "raft.peers.1 'a b:7001' is not a valid peer: 'a b' is not a host name or an IP address"),
				Arguments.of("raft.peers.1", "host_with/slash:7001", "is not a valid peer"),
				Arguments.of("raft.peers.1", "", "raft.peers.1 '' is not a valid peer"),
				Arguments.of("raft.peers.0", "127.0.0.1:7002", "raft.peers.0 '127.0.0.1:7002' is not a valid peer: the id must be greater than 0"),
				Arguments.of("raft.peers[-4]", "127.0.0.1:7002", "the id must be greater than 0"),
				Arguments.of("raft.peers.2", "127.0.0.1:7001", "raft.peers.1 and raft.peers.2 have the same address"),
				Arguments.of("raft.peers.2", "LOCALHOST:7003", "raft.peers.2 and raft.peers.3 have the same address"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("invalidValues")
	void anInvalidValueFailsStartUpWithAClearMessageNamingIt(String property, String value, String message) {
		assertFailsClearly(List.of(property + "=" + value), message);
	}

	/** Regression: raft refused it only once the storage was open and the port bound, with no analysis. */
	@Test
	void leaseBasedReadsWithoutCheckQuorumFailStartUpNamingBothPropertiesBeforeTheStorageIsOpened() {
		assertFailsClearly(List.of("raft.read-only-option=lease-based", "raft.check-quorum=false"),
				"raft.read-only-option is lease-based, but it needs raft.check-quorum=true");
		assertThat(this.dir.resolve("data")).doesNotExist();
	}

	@Test
	void nonNumericAndOverflowingNumbersFailStartUpWithAClearMessageNamingTheProperty() {
		long seed = Long.getLong("fuzz.seed", 20261127L);
		System.out.println("RaftConfigurationFuzzingTests: seed " + seed + " (-Dfuzz.seed=" + seed + ")");
		Random random = new Random(seed);
		for (int i = 0; i < RANDOM_CASES; i++) {
			String property = NUMERIC[random.nextInt(NUMERIC.length)];
			String value = junk(random);
			assertFailsClearly(List.of(property + "=" + value), property);
		}
	}

	@Test
	void aPortInUseFailsStartUpAndLeavesNothingOpen() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertFailsClearly(List.of("raft.transport.port=" + taken.getLocalPort()),
					"The Raft peer port " + taken.getLocalPort() + " (raft.transport) is already in use.");
		}
		assertThat(this.dir.resolve("data")).as("the storage was opened before the port failed").isDirectory();
	}

	@Test
	void aPeerIdThatIsNotANumberFailsStartUpNamingIt() {
		assertFailsClearly(List.of("raft.peers.two=127.0.0.1:7002"), "raft.peers");
	}

	@Test
	void twoKeysOfTheSamePeerIdFailStartUpNamingBoth() {
		assertFailsClearly(List.of("raft.peers.01=127.0.0.1:7009"),
				"raft.peers.01 and raft.peers.1 both name member 1");
	}

	private static String junk(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> "99999999999999999999999";
			case 1 -> "-99999999999999999999999";
			case 2 -> "ten";
			case 3 -> "1..2";
			case 4 -> "0x" + Integer.toHexString(random.nextInt());
			default -> {
				char[] chars = new char[1 + random.nextInt(8)];
				for (int k = 0; k < chars.length; k++) {
					chars[k] = (char) ('!' + random.nextInt(30));
				}
				yield "x" + new String(chars);
			}
		};
	}

	private void assertFailsClearly(List<String> properties, String message) {
		Path data = this.dir.resolve("data");
		List<String> all = new ArrayList<>(List.of("raft.node-id=1", "raft.peers.1=127.0.0.1:7001",
				"raft.peers.3=localhost:7003", "raft.transport.port=0", "raft.storage.dir=" + data,
				"raft.storage.fsync=false", "raft.transport.bind-address=127.0.0.1"));
		all.addAll(properties);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class))
			.withPropertyValues(all.toArray(String[]::new))
			.run((context) -> {
				assertThat(context).as(properties.toString()).hasFailed();
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = this.analyzer.analyze(failure);
				EXPLAINED[(analysis != null) ? 0 : 1].incrementAndGet();
				if (analysis == null) {
					analysis = BIND_ANALYZER.analyze(failure);
				}
				assertThat(analysis).as("%s: no failure analysis for %s", properties, failure).isNotNull();
				assertThat(analysis.getDescription()).as(properties.toString()).contains(message);
				assertThat(analysis.getAction()).as(properties.toString()).isNotBlank();
			});
		if (Files.isDirectory(data)) {
			FileStorage.open(FileStorageOptions.builder(data).fsync(false).build()).close();
		}
	}

}
