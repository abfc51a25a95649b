package com.pixelgram.post.image;

import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.IIOException;
import javax.imageio.stream.FileImageInputStream;

/**
 * The input of a decode, which gives up once the decoder has run into the end of the file
 * more than a few times. TwelveMonkeys' lossless WebP decoder answers each read past the
 * end by catching the EOFException and reading again, once per pixel: tens of
 * microseconds a pixel, so a few dozen bytes claiming 24 megapixels would keep a core
 * busy for the best part of an hour.
 */
final class EndBoundedInputStream extends FileImageInputStream {

	/**
	 * Reads past the end a decoder may make: real files of every format take up to 14
	 * (the lossless WebP decoder reads ahead), the hostile one about one a pixel.
	 */
	static final int MAX_READS_PAST_END = 256;

	private int readsPastEnd;

	EndBoundedInputStream(Path file) throws IOException {
		super(file.toFile());
	}

	@Override
	public int read() throws IOException {
		return counted(super.read());
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		return counted(super.read(bytes, offset, length));
	}

	private int counted(int result) throws IOException {
		if (result < 0 && ++this.readsPastEnd > MAX_READS_PAST_END) {
			// Not an EOFException, which the decoder would catch and carry on.
			throw new IIOException("The image data ends long before its pixels do.");
		}
		return result;
	}

}
