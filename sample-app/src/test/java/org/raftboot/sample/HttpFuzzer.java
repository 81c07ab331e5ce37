package org.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeded malformed and odd HTTP requests against one sample node: malformed keys and request targets,
 * bodies that are not UTF-8 or larger than {@code kv.max-value-size}, bad member ids and addresses,
 * wrong methods, odd content types. Each must get a clear 4xx (413 for a body over the limit), or, when
 * the request is odd but valid, do exactly what it asked; after each one a valid write and read still
 * work, and at the end the node holds exactly the state the accepted requests made.
 */
final class HttpFuzzer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> KEY_PIECES = List.of("a", "b", "Z", "0", "9", "-", "_", ".", "~", " ", "%",
			"/", "\\", ";", "?", "#", "&", "=", "+", ":", "@", "*", "'", "\"", "<", ">", "{", "}", "|", "^", "`", "[",
			"]", "é", "日本", "😀", "\t", "\n", "\u0001", "\u0000", "..", "%41", "%zz");

	private static final List<String> MALFORMED_TARGETS = List.of("/kv/%zz", "/kv/%", "/kv/%e9", "/kv/%c3%28",
			"/kv/a b", "/kv/\u0001", "/kv/a%2Fb", "/kv/..%2F..%2Fetc", "/kv/", "/kv//", "/kv/a/b");

	private static final List<String> BAD_MEMBER_IDS = List.of("abc", "0", "-1", "-9223372036854775808",
			"99999999999999999999", "1.5", "%20", "1e3", "%E2%80%8B1");

	private static final List<String> BAD_ADDRESSES = List.of("", " ", "nocolon", "host:", ":7001", "host:abc",
			"host:0", "host:70000", "host:-1", "::1:7001", "[::1]:", "host:7001:7002", "host: 7001x", "host:99999999999");

	private static final List<String> CONTENT_TYPES = List.of("text/plain", "text/plain; charset=ISO-8859-1",
			"application/json", "application/octet-stream", "application/x-www-form-urlencoded",
			"multipart/form-data; boundary=xyz", "multipart/form-data", "garbage", "text/", ";;;", "*/*",
			"text/plain; charset=no-such-charset", "");

	private static final List<String> UNKNOWN_METHODS = List.of("FOO", "BREW", "PROPFIND", "CONNECTX");

	private final int port;

	private final int maxValueSize;

	private final long seed;

	private final SplittableRandom random;

	private final SortedMap<String, String> expected;

	private final SortedMap<String, Integer> answers = new TreeMap<>();

	private int sequence;

	/**
	 * A fuzzer for the node serving HTTP on {@code port}, whose state before the run is {@code state}
	 * and whose {@code kv.max-value-size} is {@code maxValueSize} bytes.
	 */
	HttpFuzzer(int port, int maxValueSize, long seed, Map<String, String> state) {
		this.port = port;
		this.maxValueSize = maxValueSize;
		this.seed = seed;
		this.random = new SplittableRandom(seed);
		this.expected = new TreeMap<>(state);
	}

	/** The seed of a fuzzing run: {@code -Dfuzz.seed=N} replays one, otherwise a fresh one; printed either way. */
	static long seed(String run) {
		String replay = System.getProperty("fuzz.seed", "").strip();
		long seed = replay.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(replay);
		System.out.println("HTTP fuzz (" + run + "): seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
		return seed;
	}

	/** The node's whole state ({@code GET /kv}), as a sorted map. */
	static SortedMap<String, String> state(int port) {
		RawHttp.Response all = RawHttp.send(port, RawHttp.Request.of("GET", "/kv"));
		assertThat(all.status()).as(all.body()).isEqualTo(200);
		return JSON.readValue(all.body(), new TypeReference<TreeMap<String, String>>() {
		});
	}

	/** Sends {@code probes} random requests, each followed by a valid write and read, then compares states. */
	void run(int probes) {
		for (int i = 0; i < probes; i++) {
			this.sequence++;
			switch (this.random.nextInt(10)) {
				case 0 -> oddKey();
				case 1 -> malformedTarget();
				case 2 -> bodyNotUtf8();
				case 3 -> bodyTooLarge();
				case 4 -> badMemberId();
				case 5 -> badMemberAddress();
				case 6 -> wrongMethod();
				case 7 -> oddContentType();
				case 8 -> semicolonInKey();
				default -> badCompareAndSet();
			}
			stillServes();
		}
		assertThat(state(this.port)).as("state after %d probes, seed %d", probes, this.seed).isEqualTo(this.expected);
	}

	/** How many answers of each status each kind of probe got. */
	SortedMap<String, Integer> answers() {
		return this.answers;
	}

	/** A key made of awkward pieces, sent properly percent-encoded: stored exactly, or refused. */
	private void oddKey() {
		StringBuilder key = new StringBuilder();
		int pieces = 1 + this.random.nextInt(12);
		for (int i = 0; i < pieces; i++) {
			key.append(pick(KEY_PIECES));
		}
		if (this.random.nextInt(10) == 0) {
			key.append("k".repeat(this.random.nextInt(5_000, 20_000)));
		}
		String value = "odd-" + this.sequence;
		RawHttp.Response put = send("odd key", RawHttp.Request.of("PUT", "/kv/" + encode(key.toString()), value));
		if (put.status() == 204) {
			this.expected.put(key.toString(), value);
			assertThat(send("odd key read back", RawHttp.Request.of("GET", "/kv/" + encode(key.toString()))))
				.as("read back key %s, seed %d", key, this.seed).isEqualTo(new RawHttp.Response(200, value));
		}
		else {
			assertClear4xx(put, "PUT of key " + key);
		}
	}

	/**
	 * A key with a raw {@code ;}, legal in a URI path segment: stored under the key as written, or
	 * refused; never under a shorter key (servlet containers read what follows as a path parameter).
	 */
	private void semicolonInKey() {
		String key = "semi-" + this.sequence + ";" + pick(List.of("", "x", "x=1", "jsessionid=abc", ";"));
		String value = "semi-" + this.sequence;
		RawHttp.Response put = send("semicolon in key", RawHttp.Request.of("PUT", "/kv/" + key, value));
		if (put.status() == 204) {
			this.expected.put(key, value);
		}
		else {
			assertClear4xx(put, "PUT of key " + key);
		}
	}

	/** A request target no client should send: refused with a 4xx, whatever the method. */
	private void malformedTarget() {
		String target = pick(MALFORMED_TARGETS);
		String method = pick(List.of("GET", "PUT", "DELETE", "POST"));
		RawHttp.Response response = send("malformed target", RawHttp.Request.of(method, target, "v"));
		assertClear4xx(response, method + " " + target);
	}

	private void bodyNotUtf8() {
		byte[] body = new byte[1 + this.random.nextInt(64)];
		this.random.nextBytes(body);
		body[this.random.nextInt(body.length)] = (byte) 0xC3;
		body[body.length - 1] = (byte) 0xFF;
		String key = "bytes-" + this.sequence;
		RawHttp.Response response = send("body not UTF-8",
				new RawHttp.Request("PUT", "/kv/" + key, Map.of("Content-Type", "text/plain"), body, false));
		assertThat(response.status()).as("PUT of a body that is not UTF-8, seed %d: %s", this.seed, response.body())
			.isEqualTo(400);
	}

	private void bodyTooLarge() {
		byte[] body = new byte[this.maxValueSize + 1 + this.random.nextInt(4 * this.maxValueSize)];
		Arrays.fill(body, (byte) 'x');
		boolean compareAndSet = this.random.nextBoolean();
		String target = compareAndSet ? "/kv/canary?expect=x" : "/kv/large-" + this.sequence;
		RawHttp.Response response = send("body too large", new RawHttp.Request(compareAndSet ? "POST" : "PUT", target,
				Map.of("Content-Type", "text/plain"), body, this.random.nextBoolean()));
		assertThat(response.status()).as("%d-byte body to %s, seed %d: %s", body.length, target, this.seed, response.body())
			.isEqualTo(413);
	}

	private void badMemberId() {
		String id = pick(BAD_MEMBER_IDS);
		boolean add = this.random.nextBoolean();
		RawHttp.Response response = send("bad member id", add ? RawHttp.Request.of("POST", "/cluster/members/" + id, "127.0.0.1:7999")
				: RawHttp.Request.of("DELETE", "/cluster/members/" + id));
		assertThat(response.status()).as("%s member %s, seed %d: %s", add ? "add" : "remove", id, this.seed, response.body())
			.isEqualTo(400);
	}

	private void badMemberAddress() {
		String address = pick(BAD_ADDRESSES);
		RawHttp.Response response = send("bad member address",
				RawHttp.Request.of("POST", "/cluster/members/" + (4 + this.random.nextInt(5)), address));
		assertThat(response.status()).as("add member at %s, seed %d: %s", address, this.seed, response.body()).isEqualTo(400);
	}

	/** A method the resource does not have (405), a request missing what it needs (400), or an unknown method. */
	private void wrongMethod() {
		List<RawHttp.Request> requests = List.of(RawHttp.Request.of("PATCH", "/kv/canary", "v"),
				RawHttp.Request.of("PUT", "/kv", "v"), RawHttp.Request.of("DELETE", "/kv"), RawHttp.Request.of("POST", "/kv", "v"),
				RawHttp.Request.of("POST", "/kv/canary", "v"), RawHttp.Request.of("TRACE", "/kv/canary"),
				RawHttp.Request.of("GET", "/cluster/members/4"), RawHttp.Request.of("PUT", "/cluster/members/4", "127.0.0.1:7999"),
				RawHttp.Request.of(pick(UNKNOWN_METHODS), "/kv/canary", "v"));
		RawHttp.Request request = pick(requests);
		RawHttp.Response response = send("wrong method", request);
		if (UNKNOWN_METHODS.contains(request.method()) && response.status() == 501) {
			return; // RFC 9110 15.6.2: the answer to a method the server does not recognize
		}
		assertClear4xx(response, request.toString());
	}

	/** Values are raw bodies whatever the content type: stored exactly, or refused with a 4xx. */
	private void oddContentType() {
		String contentType = pick(CONTENT_TYPES);
		String value = "ct " + this.sequence + " a=b&c=d; é 😀 \"json\": {}";
		String key = "ct-" + this.sequence;
		Map<String, String> headers = contentType.isEmpty() ? Map.of() : Map.of("Content-Type", contentType);
		RawHttp.Response put = send("odd content type",
				new RawHttp.Request("PUT", "/kv/" + key, headers, value.getBytes(StandardCharsets.UTF_8), this.random.nextBoolean()));
		if (put.status() == 204) {
			this.expected.put(key, value);
			assertThat(send("odd content type read back", RawHttp.Request.of("GET", "/kv/" + key)))
				.as("value written as %s, seed %d", contentType, this.seed).isEqualTo(new RawHttp.Response(200, value));
		}
		else {
			assertClear4xx(put, "PUT as " + contentType);
		}
	}

	private void badCompareAndSet() {
		String target = pick(List.of("/kv/canary", "/kv/canary?expect=%zz", "/kv/canary?expect", "/kv/canary?expec=x",
				"/kv/canary?expect=%"));
		RawHttp.Response response = send("bad compare-and-set", RawHttp.Request.of("POST", target, "new"));
		if (target.endsWith("?expect")) {
			// An empty expected value is a valid compare-and-set that cannot match the canary's value.
			assertThat(response.status()).as("POST %s, seed %d", target, this.seed).isEqualTo(409);
			return;
		}
		assertClear4xx(response, "POST " + target);
	}

	/** A valid write and linearizable read: the node is up and serving after every probe. */
	private void stillServes() {
		String value = "canary-" + this.sequence;
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("PUT", "/kv/canary", value)).status())
			.as("a valid write after probe %d, seed %d", this.sequence, this.seed).isEqualTo(204);
		this.expected.put("canary", value);
		assertThat(RawHttp.send(this.port, RawHttp.Request.of("GET", "/kv/canary")))
			.as("a valid read after probe %d, seed %d", this.sequence, this.seed).isEqualTo(new RawHttp.Response(200, value));
	}

	private RawHttp.Response send(String probe, RawHttp.Request request) {
		RawHttp.Response response = RawHttp.send(this.port, request);
		this.answers.merge(probe + " " + response.status(), 1, Integer::sum);
		return response;
	}

	private void assertClear4xx(RawHttp.Response response, String request) {
		assertThat(response.status()).as("%s, seed %d: %s", request, this.seed, response.body()).isBetween(400, 499);
	}

	private <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	/** Percent-encodes every byte of the UTF-8 form except RFC 3986's unreserved characters. */
	static String encode(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", (int) c));
			}
		}
		return encoded.toString();
	}

}
