package com.pixelgram.post.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;

import com.pixelgram.post.image.ImageRejectedException.Reason;

/**
 * Decides whether an uploaded file is an image this service takes, reading only its
 * container: the type from the magic bytes, the dimensions from the header (so that a
 * decompression bomb is refused before a single pixel is decoded), and the structure to
 * the end (so that a truncated file is refused now rather than rendered half grey).
 */
public class ImageInspector {

	/**
	 * 4-byte pixels per pixel of width that the PNG decoder holds: the current and the
	 * previous row, at up to 8 bytes a pixel (16-bit RGBA).
	 */
	private static final int PNG_ROW_COST = 4;

	private final long maxPixels;

	private final long maxDecodedPixels;

	private final MetadataLimits metadata;

	/**
	 * @param maxPixels the most pixels an image may have
	 * @param maxDecodedPixels the most 4-byte pixels one decode may hold, which also
	 * bounds what a decoder holds whatever the subsampling
	 * @param metadata the most metadata an image may carry
	 */
	public ImageInspector(long maxPixels, long maxDecodedPixels, MetadataLimits metadata) {
		this.maxPixels = maxPixels;
		this.maxDecodedPixels = maxDecodedPixels;
		this.metadata = metadata;
	}

	/**
	 * @throws ImageRejectedException when the file is not an acceptable image
	 * @throws IOException when the file cannot be read
	 */
	public ImageHeader inspect(Path file) throws IOException {
		ImageFormat format = sniff(file);
		// The container first: a file heavy with metadata never reaches a decoder, not
		// even for its header.
		ImageStructure.Structure structure = ImageStructure.verify(format, file, this.metadata);
		int[] size = dimensions(format, file);
		long pixels = (long) size[0] * size[1];
		if (pixels > this.maxPixels) {
			throw new ImageRejectedException(Reason.TOO_MANY_PIXELS,
					String.format("The image is %d×%d (%,d pixels); at most %,d pixels are accepted.", size[0], size[1],
							pixels, this.maxPixels));
		}
		long fixed = pixels * structure.wholeImageCost()
				+ ((format == ImageFormat.PNG) ? (long) size[0] * PNG_ROW_COST : 0);
		if (fixed > this.maxDecodedPixels) {
			throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, (format == ImageFormat.WEBP) ? String.format(
					"The image is %d×%d (%,d pixels); a WebP coded as this one is decoded whole whatever the size it is shown at, so at most %,d pixels are accepted.",
					size[0], size[1], pixels, this.maxDecodedPixels / structure.wholeImageCost())
					: String.format("The image is %d pixels wide; at most %,d are accepted.", size[0],
							this.maxDecodedPixels / PNG_ROW_COST));
		}
		return new ImageHeader(format, size[0], size[1], structure.orientation(), fixed);
	}

	private static ImageFormat sniff(Path file) throws IOException {
		byte[] head = new byte[ImageFormat.SNIFF_LENGTH];
		int read;
		try (InputStream in = Files.newInputStream(file)) {
			read = in.readNBytes(head, 0, head.length);
		}
		return ImageFormat.sniff(head, read)
			.orElseThrow(() -> new ImageRejectedException(Reason.UNSUPPORTED_TYPE,
					"Only JPEG, PNG and WebP images are accepted."));
	}

	/** Width and height from the header, through the same reader that will decode. */
	static int[] dimensions(ImageFormat format, Path file) throws IOException {
		ImageReader reader = reader(format);
		try (FileImageInputStream in = new FileImageInputStream(file.toFile())) {
			reader.setInput(in, true, true);
			int width = reader.getWidth(0);
			int height = reader.getHeight(0);
			if (width <= 0 || height <= 0) {
				throw new ImageRejectedException(Reason.CORRUPT, "The image header is invalid.");
			}
			return new int[] { width, height };
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof ImageRejectedException rejected) {
				throw rejected;
			}
			throw new ImageRejectedException(Reason.CORRUPT, "The image header cannot be read.", ex);
		}
		finally {
			reader.dispose();
		}
	}

	static ImageReader reader(ImageFormat format) {
		Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
		if (!readers.hasNext()) {
			throw new IllegalStateException("no ImageIO reader for " + format);
		}
		return readers.next();
	}

}
