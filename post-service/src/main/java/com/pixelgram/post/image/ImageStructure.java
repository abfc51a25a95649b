package com.pixelgram.post.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import com.pixelgram.post.image.ImageRejectedException.Reason;

/**
 * Walks the container of an image (JPEG segments, PNG chunks, WebP RIFF chunks) to the
 * end without decoding any pixel: a truncated file is refused at upload time, where a
 * decoder would quietly fill the missing part with grey. On the way it picks up the EXIF
 * orientation, caps the metadata (JPEG APPn and COM segments, PNG ancillary chunks, WebP
 * chunks other than the image's) in count and size, compressed PNG text and profiles
 * counted inflated, and tells how a WebP is coded, which decides what its decoder holds.
 */
final class ImageStructure {

	private static final int TIFF_ORIENTATION_TAG = 0x0112;

	/**
	 * 4-byte pixels TwelveMonkeys' lossy (VP8) WebP decoder holds per pixel of the whole
	 * image, whatever the subsampling: measured at 21 to 27 bytes a pixel (a 12-megapixel
	 * photo needs 256 to 320 MB of heap).
	 */
	static final int LOSSY_WEBP_COST = 6;

	/**
	 * 4-byte pixels the lossless (VP8L) decoder holds per pixel of the whole image: it
	 * decodes into a full-size raster and subsamples afterwards.
	 */
	static final int LOSSLESS_WEBP_COST = 1;

	private ImageStructure() {
	}

	/**
	 * @return what the walk found
	 * @throws ImageRejectedException when the container is truncated or inconsistent, or
	 * carries more metadata than {@code limits} allow
	 */
	static Structure verify(ImageFormat format, Path file, MetadataLimits limits) throws IOException {
		try (ByteReader reader = new ByteReader(file)) {
			Metadata metadata = new Metadata(limits);
			return switch (format) {
				case JPEG -> new Structure(jpeg(reader, metadata), 0);
				case PNG -> new Structure(png(reader, metadata), 0);
				case WEBP -> webp(reader, metadata);
			};
		}
		catch (EOFException ex) {
			throw corrupt("The image file is truncated.");
		}
	}

	private static int jpeg(ByteReader reader, Metadata metadata) throws IOException {
		reader.skip(2);
		int orientation = 1;
		boolean frame = false;
		boolean scan = false;
		int marker = nextMarker(reader);
		while (true) {
			if (marker == 0xd9) {
				if (!frame || !scan) {
					throw corrupt("The JPEG file has no image data.");
				}
				return orientation;
			}
			if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
				marker = nextMarker(reader);
				continue;
			}
			int length = reader.readUnsignedShortBigEndian();
			if (length < 2) {
				throw corrupt("The JPEG file has a malformed segment.");
			}
			if ((marker >= 0xe0 && marker <= 0xef) || marker == 0xfe) {
				metadata.add(length - 2);
			}
			if (marker == 0xe1 && orientation == 1 && length >= 8) {
				byte[] segment = reader.readFully(length - 2);
				orientation = exifSegmentOrientation(segment, 0, segment.length);
			}
			else {
				reader.skip(length - 2);
			}
			if (isStartOfFrame(marker)) {
				frame = true;
			}
			if (marker == 0xda) {
				scan = true;
				marker = reader.skipEntropyCodedData();
			}
			else {
				marker = nextMarker(reader);
			}
		}
	}

	private static boolean isStartOfFrame(int marker) {
		return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
	}

	private static int nextMarker(ByteReader reader) throws IOException {
		if (reader.read() != 0xff) {
			throw corrupt("The JPEG file has a malformed segment.");
		}
		int marker = reader.read();
		while (marker == 0xff) {
			marker = reader.read();
		}
		return marker;
	}

	private static int png(ByteReader reader, Metadata metadata) throws IOException {
		reader.skip(8);
		int orientation = 1;
		boolean header = false;
		boolean data = false;
		CRC32 crc = new CRC32();
		while (true) {
			long length = reader.readUnsignedIntBigEndian();
			if (length > Integer.MAX_VALUE) {
				throw corrupt("The PNG file has a malformed chunk.");
			}
			byte[] type = reader.readFully(4);
			String name = new String(type, StandardCharsets.US_ASCII);
			crc.reset();
			crc.update(type);
			// Bit 5 of the first letter: a lower-case letter marks an ancillary chunk.
			boolean ancillary = (type[0] & 0x20) != 0;
			if (ancillary) {
				// Counted before it is read: the cap also bounds what is held here.
				metadata.add(length);
				byte[] chunk = reader.readFully((int) length);
				crc.update(chunk);
				if ("eXIf".equals(name)) {
					orientation = tiffOrientation(chunk, 0, chunk.length);
				}
				int compressed = compressedPart(name, chunk);
				if (compressed >= 0) {
					// Counted as what a decoder would inflate, inflated only as far as
					// the cap.
					metadata.addInflated(chunk, compressed, length);
				}
			}
			else {
				long remaining = length;
				while (remaining > 0) {
					int part = (int) Math.min(remaining, 64 * 1024);
					crc.update(reader.readFully(part));
					remaining -= part;
				}
			}
			if (reader.readUnsignedIntBigEndian() != crc.getValue()) {
				throw corrupt("The PNG file is damaged (checksum mismatch).");
			}
			switch (name) {
				case "IHDR" -> header = true;
				case "IDAT" -> data = true;
				case "IEND" -> {
					if (!header || !data) {
						throw corrupt("The PNG file has no image data.");
					}
					return orientation;
				}
				default -> {
				}
			}
		}
	}

	/**
	 * Where the zlib stream of a compressed ancillary chunk starts: zTXt and iCCP
	 * (keyword, NUL, method), iTXt when its compression flag is set (keyword, NUL, flag,
	 * method, language tag, NUL, translated keyword, NUL).
	 * @return the offset, or -1 for a chunk that holds nothing compressed
	 */
	private static int compressedPart(String name, byte[] chunk) {
		if (!"zTXt".equals(name) && !"iCCP".equals(name) && !"iTXt".equals(name)) {
			return -1;
		}
		int keywordEnd = indexOfNul(chunk, 0);
		if (keywordEnd < 0) {
			throw corrupt("The PNG file has a malformed " + name + " chunk.");
		}
		if (!"iTXt".equals(name)) {
			return keywordEnd + 2;
		}
		if (keywordEnd + 2 >= chunk.length || chunk[keywordEnd + 1] == 0) {
			return -1;
		}
		int languageEnd = indexOfNul(chunk, keywordEnd + 3);
		int translatedEnd = (languageEnd < 0) ? -1 : indexOfNul(chunk, languageEnd + 1);
		if (translatedEnd < 0) {
			throw corrupt("The PNG file has a malformed iTXt chunk.");
		}
		return translatedEnd + 1;
	}

	private static int indexOfNul(byte[] bytes, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				return i;
			}
		}
		return -1;
	}

	private static Structure webp(ByteReader reader, Metadata metadata) throws IOException {
		reader.skip(4);
		long riffSize = reader.readUnsignedIntLittleEndian();
		if (riffSize < 4 || riffSize + 8 > reader.size()) {
			throw corrupt("The WebP file is truncated.");
		}
		long end = riffSize + 8;
		reader.skip(4);
		int orientation = 1;
		boolean image = false;
		int cost = 0;
		boolean first = true;
		while (reader.position() + 8 <= end) {
			String name = new String(reader.readFully(4), StandardCharsets.US_ASCII);
			long length = reader.readUnsignedIntLittleEndian();
			long padded = length + (length & 1);
			if (reader.position() + length > end) {
				throw corrupt("The WebP file is truncated.");
			}
			switch (name) {
				case "VP8 " -> {
					image = true;
					cost += LOSSY_WEBP_COST;
				}
				case "VP8L" -> {
					image = true;
					cost += LOSSLESS_WEBP_COST;
				}
				// An alpha plane is decoded whole into a raster of its own.
				case "ALPH" -> cost += LOSSLESS_WEBP_COST;
				// A frame holds a lossy or lossless image with its alpha: counted at
				// worst.
				case "ANMF" -> {
					image = true;
					cost = Math.max(cost, LOSSY_WEBP_COST + LOSSLESS_WEBP_COST);
				}
				case "VP8X", "ANIM" -> {
					if (!first && "VP8X".equals(name)) {
						throw corrupt("The WebP file has a malformed header.");
					}
				}
				default -> metadata.add(length);
			}
			first = false;
			if ("EXIF".equals(name) && length <= 1024 * 1024) {
				byte[] exif = reader.readFully((int) length);
				orientation = exifSegmentOrientation(exif, 0, exif.length);
				reader.skip(Math.min(padded - length, end - reader.position()));
			}
			else {
				reader.skip(Math.min(padded, end - reader.position()));
			}
		}
		if (!image) {
			throw corrupt("The WebP file has no image data.");
		}
		return new Structure(orientation, cost);
	}

	/** An APP1 segment or WebP EXIF chunk: with or without the "Exif\0\0" preamble. */
	static int exifSegmentOrientation(byte[] data, int offset, int length) {
		if (length >= 6 && data[offset] == 'E' && data[offset + 1] == 'x' && data[offset + 2] == 'i'
				&& data[offset + 3] == 'f' && data[offset + 4] == 0 && data[offset + 5] == 0) {
			return tiffOrientation(data, offset + 6, length - 6);
		}
		if (length >= 2 && (data[offset] == 'I' || data[offset] == 'M')) {
			return tiffOrientation(data, offset, length);
		}
		return 1;
	}

	/** The orientation tag of IFD0 of a TIFF structure; 1 when absent or unreadable. */
	static int tiffOrientation(byte[] data, int offset, int length) {
		if (length < 8) {
			return 1;
		}
		boolean little;
		if (data[offset] == 'I' && data[offset + 1] == 'I') {
			little = true;
		}
		else if (data[offset] == 'M' && data[offset + 1] == 'M') {
			little = false;
		}
		else {
			return 1;
		}
		long ifd = uint32(data, offset + 4, little);
		if (ifd < 8 || ifd + 2 > length) {
			return 1;
		}
		int entries = uint16(data, offset + (int) ifd, little);
		for (int i = 0; i < entries; i++) {
			int entry = offset + (int) ifd + 2 + i * 12;
			if (entry + 12 > offset + length) {
				return 1;
			}
			if (uint16(data, entry, little) == TIFF_ORIENTATION_TAG) {
				int type = uint16(data, entry + 2, little);
				int value = (type == 3) ? uint16(data, entry + 8, little) : (int) uint32(data, entry + 8, little);
				return (value >= 1 && value <= 8) ? value : 1;
			}
		}
		return 1;
	}

	private static int uint16(byte[] data, int at, boolean little) {
		int a = data[at] & 0xff;
		int b = data[at + 1] & 0xff;
		return little ? (b << 8) | a : (a << 8) | b;
	}

	private static long uint32(byte[] data, int at, boolean little) {
		long high = uint16(data, at + (little ? 2 : 0), little);
		long low = uint16(data, at + (little ? 0 : 2), little);
		return (high << 16) | low;
	}

	/**
	 * What the walk found.
	 *
	 * @param orientation the EXIF orientation, 1 when there is none
	 * @param wholeImageCost how many 4-byte pixels the decoder holds per pixel of the
	 * whole image whatever the subsampling; 0 when it holds only the subsampled image
	 */
	record Structure(int orientation, int wholeImageCost) {

	}

	/** The metadata seen so far, against the limits. */
	private static final class Metadata {

		private final MetadataLimits limits;

		private int count;

		private long bytes;

		Metadata(MetadataLimits limits) {
			this.limits = limits;
		}

		void add(long length) {
			this.count++;
			this.bytes += length;
			if (this.count > this.limits.maxSegments()) {
				throw tooMuch(
						String.format("The image has more than %d metadata segments.", this.limits.maxSegments()));
			}
			check();
		}

		/**
		 * Counts a compressed chunk as what it inflates to, beyond the {@code stored}
		 * bytes already counted: inflating stops once the cap is passed, so a
		 * decompression bomb costs at most the cap.
		 */
		void addInflated(byte[] chunk, int offset, long stored) {
			if (offset > chunk.length) {
				throw corrupt("The PNG file has a malformed compressed chunk.");
			}
			Inflater inflater = new Inflater();
			try {
				inflater.setInput(chunk, offset, chunk.length - offset);
				byte[] scratch = new byte[8192];
				long inflated = 0;
				long counted = 0;
				while (!inflater.finished()) {
					int produced = inflater.inflate(scratch);
					if (produced == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
						throw corrupt("The PNG file has a truncated compressed chunk.");
					}
					inflated += produced;
					if (inflated - stored > counted) {
						this.bytes += inflated - stored - counted;
						counted = inflated - stored;
						check();
					}
				}
			}
			catch (DataFormatException ex) {
				throw corrupt("The PNG file has a damaged compressed chunk.");
			}
			finally {
				inflater.end();
			}
		}

		private void check() {
			if (this.bytes > this.limits.maxBytes()) {
				throw tooMuch(String.format("The image has more than %,d bytes of metadata.", this.limits.maxBytes()));
			}
		}

		private static ImageRejectedException tooMuch(String detail) {
			return new ImageRejectedException(Reason.TOO_MUCH_METADATA, detail);
		}

	}

	private static ImageRejectedException corrupt(String detail) {
		return new ImageRejectedException(Reason.CORRUPT, detail);
	}

}
