package com.pixelgram.post.image;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sequential reads of a file through one buffer, without the per-byte locking of the
 * JDK's buffered streams: the structure check walks every byte of a 10 MB upload.
 */
final class ByteReader implements Closeable {

	private final FileChannel channel;

	private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

	private final long size;

	private long bufferStart;

	ByteReader(Path file) throws IOException {
		this.channel = FileChannel.open(file, StandardOpenOption.READ);
		this.size = this.channel.size();
		this.buffer.limit(0);
	}

	long size() {
		return this.size;
	}

	long position() {
		return this.bufferStart + this.buffer.position();
	}

	boolean atEnd() {
		return position() >= this.size;
	}

	/** The next byte, 0 to 255. */
	int read() throws IOException {
		if (!this.buffer.hasRemaining()) {
			fill();
		}
		return this.buffer.get() & 0xff;
	}

	int readUnsignedShortBigEndian() throws IOException {
		return (read() << 8) | read();
	}

	long readUnsignedIntBigEndian() throws IOException {
		return ((long) readUnsignedShortBigEndian() << 16) | readUnsignedShortBigEndian();
	}

	long readUnsignedIntLittleEndian() throws IOException {
		return read() | (read() << 8) | ((long) read() << 16) | ((long) read() << 24);
	}

	byte[] readFully(int length) throws IOException {
		if (position() + length > this.size) {
			throw new EOFException("the file ends inside a segment");
		}
		byte[] bytes = new byte[length];
		int done = 0;
		while (done < length) {
			if (!this.buffer.hasRemaining()) {
				fill();
			}
			int chunk = Math.min(length - done, this.buffer.remaining());
			this.buffer.get(bytes, done, chunk);
			done += chunk;
		}
		return bytes;
	}

	/** Skips bytes; fails when the file ends first. */
	void skip(long count) throws IOException {
		long target = position() + count;
		if (target > this.size) {
			throw new EOFException("the file ends inside a segment");
		}
		if (target <= this.bufferStart + this.buffer.limit()) {
			this.buffer.position((int) (target - this.bufferStart));
			return;
		}
		this.bufferStart = target;
		this.buffer.clear().limit(0);
		this.channel.position(target);
	}

	/**
	 * Runs through bytes to the end of a JPEG entropy-coded segment: the position after
	 * it is that of the 0xFF that starts the next marker.
	 * @return the marker that follows
	 */
	int skipEntropyCodedData() throws IOException {
		while (true) {
			if (!this.buffer.hasRemaining()) {
				fill();
			}
			ByteBuffer buf = this.buffer;
			int limit = buf.limit();
			int pos = buf.position();
			byte[] array = buf.array();
			while (pos < limit && array[pos] != (byte) 0xff) {
				pos++;
			}
			buf.position(pos);
			if (pos == limit) {
				continue;
			}
			buf.get();
			int next = read();
			while (next == 0xff) {
				next = read();
			}
			// Stuffed zero and restart markers belong to the entropy-coded data.
			if (next != 0x00 && (next < 0xd0 || next > 0xd7)) {
				return next;
			}
		}
	}

	private void fill() throws IOException {
		this.bufferStart += this.buffer.limit();
		this.buffer.clear();
		this.channel.position(this.bufferStart);
		int read = 0;
		while (read == 0) {
			read = this.channel.read(this.buffer);
		}
		this.buffer.flip();
		if (read < 0) {
			throw new EOFException("the file ends too early");
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
