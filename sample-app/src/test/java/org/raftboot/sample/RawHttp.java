package org.raftboot.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, sending exactly the bytes asked for: a
 * fuzzer needs request lines, methods and bodies that well-behaved clients refuse to send.
 */
final class RawHttp {

	private static final int SO_TIMEOUT_MILLIS = 30_000;

	private static final int CHUNK = 8192;

	private RawHttp() {
	}

	/** Sends {@code request} to 127.0.0.1:{@code port}; status 0 when no status line came back. */
	static Response send(int port, Request request) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(SO_TIMEOUT_MILLIS);
			try {
				write(socket.getOutputStream(), request);
			}
			catch (IOException ex) {
				// The server may answer and close before reading a whole (too large) body: read what it said.
			}
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			return new Response(0, ex.toString());
		}
	}

	private static void write(OutputStream out, Request request) throws IOException {
		StringBuilder head = new StringBuilder().append(request.method()).append(' ').append(request.target())
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
		request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append(request.chunked() ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + request.body().length + "\r\n");
		out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
		if (!request.chunked()) {
			out.write(request.body());
		}
		else {
			for (int from = 0; from < request.body().length; from += CHUNK) {
				int length = Math.min(CHUNK, request.body().length - from);
				out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(request.body(), from, length);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.flush();
	}

	private static Response read(InputStream in) {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try {
			in.transferTo(received);
		}
		catch (IOException ex) {
			// A reset after the answer: keep what arrived.
		}
		byte[] bytes = received.toByteArray();
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		int headEnd = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || headEnd < 12) {
			return new Response(0, text);
		}
		String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
		byte[] body = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
		if (head.contains("\r\ntransfer-encoding: chunked")) {
			body = dechunk(body);
		}
		return new Response(Integer.parseInt(text.substring(9, 12)), new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String framing = new String(chunked, StandardCharsets.ISO_8859_1);
		int at = 0;
		while (true) {
			int lineEnd = framing.indexOf("\r\n", at);
			int length = Integer.parseInt(framing.substring(at, lineEnd).strip(), 16);
			if (length == 0) {
				return body.toByteArray();
			}
			body.write(chunked, lineEnd + 2, length);
			at = lineEnd + 2 + length + 2;
		}
	}

	/**
	 * One request as it goes on the wire.
	 *
	 * @param method the method token, sent as is
	 * @param target the request target, sent as is (already percent-encoded, or deliberately not)
	 * @param headers extra headers besides Host, Connection and the body's framing
	 * @param body the body bytes
	 * @param chunked whether the body goes in chunks instead of with a Content-Length
	 */
	record Request(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) {

		Request {
			headers = new LinkedHashMap<>(headers);
		}

		static Request of(String method, String target) {
			return new Request(method, target, Map.of(), new byte[0], false);
		}

		static Request of(String method, String target, String body) {
			return new Request(method, target, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8), false);
		}

		@Override
		public String toString() {
			String shown = (this.target.length() > 120) ? this.target.substring(0, 120) + "...(" + this.target.length() + " chars)" : this.target;
			return this.method + " " + shown + " " + this.headers + " body " + this.body.length + " bytes" + (this.chunked ? " chunked" : "");
		}

	}

	/**
	 * A status and the body as text, decoded as UTF-8.
	 *
	 * @param status the status code, 0 when none arrived
	 * @param body the body
	 */
	record Response(int status, String body) {
	}

}
