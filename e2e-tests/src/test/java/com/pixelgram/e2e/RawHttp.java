package com.pixelgram.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 over a plain socket, one connection per request, for what a well-behaved
 * client library will not send: bytes that are not UTF-8, a body that disagrees with its
 * headers, a whole body written before anything is read. Each connection can come from
 * its own loopback address (Linux answers on all of 127.0.0.0/8), so that the gateway
 * sees as many clients as a test needs and a per-address limit reached by one test leaves
 * the others alone.
 */
final class RawHttp {

	/** Where addresses handed out by {@link #freshAddress()} start: 127.20.0.1. */
	private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(20 << 16);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private final String host;

	private final int port;

	RawHttp(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/** A loopback address no other request of this run has used. */
	static InetAddress freshAddress() {
		int n;
		do {
			n = NEXT_ADDRESS.getAndIncrement();
		}
		// neither .0 nor .255 in the last byte
		while ((n & 0xff) == 0 || (n & 0xff) == 0xff);
		try {
			return InetAddress.getByAddress(new byte[] { 127, (byte) (n >> 16), (byte) (n >> 8), (byte) n });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a request with {@code Content-Length} set from the body (unless the headers
	 * carry one or {@code Transfer-Encoding}) and reads the whole answer.
	 * @param from the local address to connect from
	 * @param method the method
	 * @param target the request target, sent as is (percent-encode it as needed)
	 * @param headers header names and values, in order
	 * @param body the body, or {@code null} for none
	 * @return the answer
	 * @throws IOException if the connection fails or is reset before an answer
	 */
	Response send(InetAddress from, String method, String target, Map<String, String> headers, byte[] body)
			throws IOException {
		long start = System.nanoTime();
		try (Socket socket = connect(from)) {
			OutputStream out = socket.getOutputStream();
			out.write(head(method, target, headers, body).getBytes(StandardCharsets.UTF_8));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			return read(socket.getInputStream(), start, method);
		}
	}

	/**
	 * Sends the body with {@code Transfer-Encoding: chunked}, so that nothing announces
	 * its size, and reads the whole answer once it is written.
	 * @param from the local address to connect from
	 * @param method the method
	 * @param target the request target
	 * @param headers header names and values, in order
	 * @param body the body
	 * @param chunkSize the size of each chunk
	 * @return the answer
	 * @throws IOException if the connection fails or is reset before an answer
	 */
	Response sendChunked(InetAddress from, String method, String target, Map<String, String> headers, byte[] body,
			int chunkSize) throws IOException {
		long start = System.nanoTime();
		Map<String, String> chunked = new LinkedHashMap<>(headers);
		chunked.put("Transfer-Encoding", "chunked");
		try (Socket socket = connect(from)) {
			OutputStream out = socket.getOutputStream();
			out.write(head(method, target, chunked, null).getBytes(StandardCharsets.UTF_8));
			for (int offset = 0; offset < body.length; offset += chunkSize) {
				int length = Math.min(chunkSize, body.length - offset);
				out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(body, offset, length);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return read(socket.getInputStream(), start, method);
		}
	}

	private Socket connect(InetAddress from) throws IOException {
		Socket socket = new Socket();
		try {
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress(this.host, this.port), 5_000);
			socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private String head(String method, String target, Map<String, String> headers, byte[] body) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(this.host).append(':').append(this.port).append("\r\n");
		head.append("Connection: close\r\n");
		boolean framed = headers.keySet()
			.stream()
			.anyMatch((name) -> name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding"));
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (!framed && body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		return head.append("\r\n").toString();
	}

	private static Response read(InputStream in, long start, String method) throws IOException {
		try {
			String statusLine = line(in);
			if (statusLine == null) {
				throw new IOException("the connection closed before an answer");
			}
			String[] status = statusLine.split(" ", 3);
			Map<String, String> headers = new LinkedHashMap<>();
			String line;
			while ((line = line(in)) != null && !line.isEmpty()) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
							line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
				}
			}
			int code = Integer.parseInt(status[1]);
			byte[] body;
			if (method.equals("HEAD") || code == 204 || code == 304) {
				body = new byte[0];
			}
			else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = chunks(in);
			}
			else if (headers.containsKey("content-length")) {
				body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
			}
			else {
				body = in.readAllBytes();
			}
			return new Response(code, headers, body, Duration.ofNanos(System.nanoTime() - start));
		}
		catch (SocketTimeoutException ex) {
			throw new IOException("no complete answer within " + READ_TIMEOUT.toSeconds() + " s", ex);
		}
	}

	private static byte[] chunks(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String size = line(in);
			if (size == null) {
				throw new IOException("the connection closed inside a chunked body");
			}
			int semicolon = size.indexOf(';');
			int length = Integer.parseInt((semicolon < 0) ? size.trim() : size.substring(0, semicolon).trim(), 16);
			if (length == 0) {
				// trailers, then the empty line
				String trailer;
				while ((trailer = line(in)) != null && !trailer.isEmpty()) {
				}
				return body.toByteArray();
			}
			body.write(in.readNBytes(length));
			line(in);
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	/**
	 * An answer as it came: status, headers (lower-case names), body, how long it took.
	 */
	record Response(int status, Map<String, String> headers, byte[] body, Duration elapsed) {

		Optional<String> contentType() {
			return Optional.ofNullable(this.headers.get("content-type"));
		}

		boolean isProblem() {
			return contentType().filter((type) -> type.startsWith("application/problem+json")).isPresent();
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			String text = text();
			return this.status + " " + contentType().orElse("-") + " "
					+ ((text.length() > 300) ? text.substring(0, 300) + "…" : text);
		}

	}

}
