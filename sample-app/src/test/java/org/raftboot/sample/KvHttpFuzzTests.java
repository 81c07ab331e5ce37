package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The HTTP API of a single-node store (real Tomcat, real Raft on disk) under seeded malformed and odd
 * requests, see {@link HttpFuzzer}; {@code -Dfuzz.seed=N} replays a seed. A small value limit keeps the
 * oversized bodies cheap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kv.max-value-size=16KB", "raft.transport.bind-address=127.0.0.1", "raft.transport.port=0",
				"raft.tick-interval=10ms", "logging.level.root=WARN" })
class KvHttpFuzzTests {

	private static final int MAX_VALUE_SIZE = 16 * 1024;

	private static final int PROBES = 400;

	@TempDir
	static Path storage;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void storageDirectory(DynamicPropertyRegistry registry) {
		registry.add("raft.storage.dir", () -> storage.resolve("raft").toString());
	}

	@Test
	void malformedRequestsGetAClear4xxLoseNothingAndTheNodeKeepsServing() {
		long seed = HttpFuzzer.seed("single node");
		HttpFuzzer fuzzer = new HttpFuzzer(this.port, MAX_VALUE_SIZE, seed, HttpFuzzer.state(this.port));
		fuzzer.run(PROBES);
		System.out.println("HTTP fuzz (single node): " + PROBES + " probes, answers " + fuzzer.answers());
	}

	/** Regression: the multipart parser consumed such a body, and an empty value was stored with a 204. */
	@Test
	void aMultipartBodyIsStoredAsTheRawValueLikeAnyOther() {
		String value = "--xyz\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\nhello\r\n--xyz--\r\n";
		RawHttp.Request put = new RawHttp.Request("PUT", "/kv/multipart",
				Map.of("Content-Type", "multipart/form-data; boundary=xyz"), value.getBytes(StandardCharsets.UTF_8), false);
		assertThat(RawHttp.send(this.port, put).status()).isEqualTo(204);
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("GET", "/kv/multipart"))).isEqualTo(new RawHttp.Response(200, value));
	}

	/** Regression: Spring MVC dropped the part after ';' as a path parameter, so key "a" was overwritten. */
	@Test
	void aRawSemicolonInAKeyGetsA400AndAnEncodedOneIsPartOfTheKey() {
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("PUT", "/kv/semi", "kept")).status()).isEqualTo(204);
		RawHttp.Response refused = RawHttp.send(this.port, RawHttp.Request.of("PUT", "/kv/semi;x=1", "overwritten"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("%3B");
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("POST", "/cluster/members/4;x", "127.0.0.1:7999")).status())
			.isEqualTo(400);
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("PUT", "/kv/semi%3Bx=1", "encoded")).status()).isEqualTo(204);
		assertThat(HttpFuzzer.state(this.port)).containsEntry("semi", "kept").containsEntry("semi;x=1", "encoded");
	}

	/** Regression: such a body was stored with U+FFFD in place of the bytes sent. */
	@Test
	void aBodyThatIsNotUtf8GetsA400AndIsNotStored() {
		RawHttp.Request put = new RawHttp.Request("PUT", "/kv/latin1", Map.of("Content-Type", "text/plain; charset=ISO-8859-1"),
				new byte[] { 'c', 'a', 'f', (byte) 0xE9 }, false);
		RawHttp.Response refused = RawHttp.send(this.port, put);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("UTF-8");
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("GET", "/kv/latin1")).status()).isEqualTo(404);
	}

	/** Regression: Spring joined the values, so a stored "a,b" was swapped against a value never sent. */
	@Test
	void aRepeatedExpectParameterGetsA400AndSwapsNothing() {
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("PUT", "/kv/dup", "a,b")).status()).isEqualTo(204);
		RawHttp.Response refused = RawHttp.send(this.port, RawHttp.Request.of("POST", "/kv/dup?expect=a&expect=b", "new"));
		assertThat(refused).isEqualTo(new RawHttp.Response(400, "expect must be given once\n"));
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("GET", "/kv/dup"))).isEqualTo(new RawHttp.Response(200, "a,b"));
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("POST", "/kv/dup?expect=a,b", "new")).status())
			.as("one expect holding a comma").isEqualTo(200);
	}

}
