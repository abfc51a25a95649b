package com.pixelgram.gateway.support;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Writes a request byte for byte, for what HTTP clients refuse to send: unnormalised
 * paths, a Content-Length without the body, a whole body written before the answer is
 * read.
 */
public final class RawHttp {

	private static final byte[] CRLF = { '\r', '\n' };

	private RawHttp() {
	}

	/** Sends the head of a request and returns the whole response as text. */
	public static String send(int port, String head) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return readResponse(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		while ((read = in.read(buffer)) != -1) {
			response.write(buffer, 0, read);
			if (isComplete(response.toString(StandardCharsets.ISO_8859_1))) {
				break;
			}
		}
		return response.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Writes the head and then the whole body before reading anything, as whole-body
	 * clients do (Python's urllib, OkHttp, URLSession), and returns the response. The
	 * body is {@code bodyBytes} zeros, framed by the head's Content-Length or, when
	 * {@code chunked}, as chunks of 64 KiB. A write the server refuses (a reset
	 * connection) fails the call, as it fails such a client.
	 */
	public static String sendWholeBodyThenRead(int port, String head, long bodyBytes, boolean chunked) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			byte[] piece = new byte[1 << 16];
			long left = bodyBytes;
			while (left > 0) {
				int length = (int) Math.min(piece.length, left);
				if (chunked) {
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				}
				out.write(piece, 0, length);
				if (chunked) {
					out.write(CRLF);
				}
				left -= length;
			}
			if (chunked) {
				out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			out.flush();
			return readResponse(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

	private static boolean isComplete(String response) {
		int headEnd = response.indexOf("\r\n\r\n");
		if (headEnd < 0) {
			return false;
		}
		String head = response.substring(0, headEnd).toLowerCase();
		int lengthAt = head.indexOf("content-length:");
		if (lengthAt < 0) {
			return false;
		}
		int lineEnd = head.indexOf("\r\n", lengthAt);
		String value = head.substring(lengthAt + "content-length:".length(), (lineEnd < 0) ? head.length() : lineEnd)
			.trim();
		return response.length() - (headEnd + 4) >= Integer.parseInt(value);
	}

}
