package org.raftboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The HTTP calls the tests make to one node; a connection failure reads as status 0. */
final class KvClient {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final String NOT_CONNECTED = "not connected: ";

	/** Patient: the tests that use it wait for an answer, retrying only what is unknown. */
	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

	private final String base;

	private final Duration timeout;

	KvClient(int port) {
		this(port, DEFAULT_TIMEOUT);
	}

	/** A client that gives up on a request after {@code timeout} (status 0, as when unreachable). */
	KvClient(int port, Duration timeout) {
		this.base = "http://127.0.0.1:" + port;
		this.timeout = timeout;
	}

	Response put(String key, String value) {
		return send(request("/kv/" + key).header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(value)));
	}

	/** A write as {@code curl -d} sends it: form-encoded content type, the value as raw body. */
	Response putFormEncoded(String key, String value) {
		return send(request("/kv/" + key).header("Content-Type", "application/x-www-form-urlencoded")
			.PUT(HttpRequest.BodyPublishers.ofString(value)));
	}

	Response compareAndSetFormEncoded(String key, String expect, String value) {
		return send(request("/kv/" + key + "?expect=" + URLEncoder.encode(expect, StandardCharsets.UTF_8))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(value)));
	}

	Response get(String key) {
		return send(request("/kv/" + key).GET());
	}

	Response getSerializable(String key) {
		return send(request("/kv/" + key + "?consistency=serializable").GET());
	}

	Response delete(String key) {
		return send(request("/kv/" + key).DELETE());
	}

	Response compareAndSet(String key, String expect, String value) {
		return send(request("/kv/" + key + "?expect=" + URLEncoder.encode(expect, StandardCharsets.UTF_8))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(value)));
	}

	Response addMember(long id, String address) {
		return send(request("/cluster/members/" + id).POST(HttpRequest.BodyPublishers.ofString(address)));
	}

	Response removeMember(long id) {
		return send(request("/cluster/members/" + id).DELETE());
	}

	/** Every key and value as a JSON object (this node's local state). */
	Response all() {
		return send(request("/kv").GET());
	}

	Response raftStatus() {
		return send(request("/actuator/raft").GET());
	}

	/** Any other GET, such as an actuator endpoint. */
	Response getPath(String path) {
		return send(request(path).GET());
	}

	/** A POST of a JSON body, as actuator write operations take. */
	Response postJson(String path, String json) {
		return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(this.timeout);
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (ConnectException | HttpConnectTimeoutException ex) {
			return new Response(0, NOT_CONNECTED + ex);
		}
		catch (IOException ex) {
			return new Response(0, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new IOException("interrupted", ex));
		}
	}

	/** A status and body; status 0 when the node could not be reached. */
	record Response(int status, String body) {

		/** Whether the connection was never made, so that the request certainly did not reach the node. */
		boolean neverSent() {
			return this.status == 0 && this.body.startsWith(NOT_CONNECTED);
		}

	}

}
