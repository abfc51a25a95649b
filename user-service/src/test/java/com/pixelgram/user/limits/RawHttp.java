package com.pixelgram.user.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A POST over a plain socket that reads the answer while the body is still being sent: a
 * server that refuses a large body early answers before it has read it, and may close the
 * connection on the rest, which an ordinary client reports as an error instead of the
 * answer.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * A reply.
	 *
	 * @param status the status code
	 * @param contentType the Content-Type header
	 * @param body the body
	 */
	record Reply(int status, String contentType, String body) {

	}

	static Reply post(int port, String path, byte[] body) throws IOException, InterruptedException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			Thread writer = new Thread(() -> {
				try {
					out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
							+ "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					for (int offset = 0; offset < body.length; offset += 65536) {
						out.write(body, offset, Math.min(65536, body.length - offset));
					}
					out.flush();
				}
				catch (IOException ex) {
					// The server closed the connection on the unread rest, as it may.
				}
			});
			writer.start();
			Reply reply = read(socket.getInputStream());
			socket.close();
			writer.join(10_000);
			return reply;
		}
	}

	private static Reply read(InputStream in) throws IOException {
		String statusLine = line(in);
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		String contentType = null;
		int contentLength = -1;
		boolean chunked = false;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim();
			switch (name) {
				case "content-type" -> contentType = value;
				case "content-length" -> contentLength = Integer.parseInt(value);
				case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
				default -> {
				}
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(),
					16)) {
				body.write(in.readNBytes(size));
				line(in);
			}
		}
		else if (contentLength >= 0) {
			body.write(in.readNBytes(contentLength));
		}
		return new Reply(status, contentType, body.toString(StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

}
