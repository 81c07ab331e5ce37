package org.raftboot.spring.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.raftboot.storage.FileStorage;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class RaftStartupFailureAnalyzerTests {

	@TempDir
	Path dir;

	private final RaftStartupFailureAnalyzer analyzer = new RaftStartupFailureAnalyzer();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class))
			.withPropertyValues("raft.storage.dir=" + this.dir.resolve("data"), "raft.storage.fsync=false",
					"raft.transport.bind-address=127.0.0.1");
	}

	@Test
	void missingNodeIdIsExplained() {
		analyze(runner(), (analysis) -> {
			assertThat(analysis.getDescription()).contains("raft.node-id is not set");
			assertThat(analysis.getAction()).contains("--raft.node-id=1");
		});
	}

	@Test
	void zeroNodeIdIsExplained() {
		analyze(runner().withPropertyValues("raft.node-id=0"), (analysis) -> {
			assertThat(analysis.getDescription()).startsWith("raft.node-id is not set")
				.contains("an id greater than 0");
			assertThat(analysis.getAction()).contains("Set raft.node-id");
		});
	}

	@Test
	void theAnalyzerIsRegisteredSoThatSpringBootPrintsItsAnalysis(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(FailingApplication.class)
			.web(WebApplicationType.NONE)
			.run("--raft.node-id=0", "--raft.storage.dir=" + this.dir.resolve("data"), "--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("raft.node-id is not set: every replica needs an id greater than 0")
			.contains("Set raft.node-id, for example in application.yml or with --raft.node-id=1.");
	}

	@Test
	void nodeIdAbsentFromPeersIsExplained() {
		analyze(runner().withPropertyValues("raft.node-id=4", "raft.peers.1=127.0.0.1:7001", "raft.peers.2=127.0.0.1:7002"),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("raft.node-id 4 is not one of raft.peers [1, 2]");
					assertThat(analysis.getAction()).contains("raft.peers.4=host:port");
				});
	}

	@Test
	void malformedPeerAddressIsExplained() {
		analyze(runner().withPropertyValues("raft.node-id=1", "raft.peers.1=127.0.0.1:7001", "raft.peers.2=localhost"),
				(analysis) -> {
					assertThat(analysis.getDescription()).isEqualTo(
							"raft.peers.2 'localhost' is not a valid peer: expected host:port.");
					assertThat(analysis.getAction()).contains("raft.peers.<id>=host:port");
				});
		analyze(runner().withPropertyValues("raft.node-id=1", "raft.peers.1=127.0.0.1:70001"),
				(analysis) -> assertThat(analysis.getDescription()).contains("the port is out of range"));
	}

	@Test
	void duplicatePeerAddressIsExplained() {
		analyze(runner().withPropertyValues("raft.node-id=1", "raft.peers.1=127.0.0.1:7001", "raft.peers.2=127.0.0.1:7001"),
				(analysis) -> {
					assertThat(analysis.getDescription())
						.contains("raft.peers.1 and raft.peers.2 have the same address 127.0.0.1:7001");
					assertThat(analysis.getAction()).contains("distinct host:port");
				});
	}

	@Test
	void portInUseIsExplained() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			analyze(runner().withPropertyValues("raft.node-id=1", "raft.peers.1=127.0.0.1:" + port), (analysis) -> {
				assertThat(analysis.getDescription()).contains("Raft peer port " + port).contains("already in use");
				assertThat(analysis.getAction()).contains("raft.transport.port");
			});
		}
	}

	@Test
	void lockedStorageDirectoryIsExplained() {
		try (FileStorage other = FileStorage.open(this.dir.resolve("data"))) {
			analyze(runner().withPropertyValues("raft.node-id=1"), (analysis) -> {
				assertThat(analysis.getDescription()).contains("is locked by another running replica");
				assertThat(analysis.getAction()).contains("raft.storage.dir");
			});
		}
	}

	@Test
	void unwritableStorageDirectoryIsExplained() throws IOException {
		Path file = Files.createFile(this.dir.resolve("a-file"));
		analyze(runner().withPropertyValues("raft.node-id=1", "raft.storage.dir=" + file.resolve("raft")), (analysis) -> {
			assertThat(analysis.getDescription()).contains("cannot be created or written to");
			assertThat(analysis.getAction()).contains("raft.storage.dir");
		});
	}

	@Test
	void missingTlsFileIsExplained() {
		analyze(runner().withPropertyValues("raft.node-id=1", "raft.transport.tls.enabled=true",
				"raft.transport.tls.certificate-chain=" + this.dir.resolve("missing.pem")), (analysis) -> {
					assertThat(analysis.getDescription()).contains("raft.transport.tls.certificate-chain")
						.contains("does not exist or cannot be read");
					assertThat(analysis.getAction()).contains("raft.transport.tls.enabled=false");
				});
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration(RaftAutoConfiguration.class)
	static class FailingApplication {

	}

	private void analyze(ApplicationContextRunner runner, Consumer<FailureAnalysis> check) {
		runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			check.accept(analysis);
		});
	}

}
