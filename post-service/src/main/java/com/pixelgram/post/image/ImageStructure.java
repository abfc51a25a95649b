package com.pixelgram.post.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.CRC32;

import com.pixelgram.post.image.ImageRejectedException.Reason;

/**
 * Walks the container of an image (JPEG segments, PNG chunks, WebP RIFF chunks) to the
 * end without decoding any pixel: a truncated file is refused at upload time, where a
 * decoder would quietly fill the missing part with grey. Picks up the EXIF orientation on
 * the way.
 */
final class ImageStructure {

	private static final int TIFF_ORIENTATION_TAG = 0x0112;

	private ImageStructure() {
	}

	/**
	 * @return the EXIF orientation, 1 when there is none
	 * @throws ImageRejectedException when the container is truncated or inconsistent
	 */
	static int verify(ImageFormat format, Path file) throws IOException {
		try (ByteReader reader = new ByteReader(file)) {
			return switch (format) {
				case JPEG -> jpeg(reader);
				case PNG -> png(reader);
				case WEBP -> webp(reader);
			};
		}
		catch (EOFException ex) {
			throw corrupt("The image file is truncated.");
		}
	}

	private static int jpeg(ByteReader reader) throws IOException {
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

	private static int png(ByteReader reader) throws IOException {
		reader.skip(8);
		int orientation = 1;
		boolean header = false;
		boolean data = false;
		CRC32 crc = new CRC32();
		byte[] chunk = new byte[64 * 1024];
		while (true) {
			long length = reader.readUnsignedIntBigEndian();
			if (length > Integer.MAX_VALUE) {
				throw corrupt("The PNG file has a malformed chunk.");
			}
			byte[] type = reader.readFully(4);
			String name = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
			crc.reset();
			crc.update(type);
			if ("eXIf".equals(name) && length <= 1024 * 1024) {
				byte[] exif = reader.readFully((int) length);
				crc.update(exif);
				orientation = tiffOrientation(exif, 0, exif.length);
			}
			else {
				long remaining = length;
				while (remaining > 0) {
					int part = (int) Math.min(remaining, chunk.length);
					byte[] bytes = reader.readFully(part);
					crc.update(bytes);
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

	private static int webp(ByteReader reader) throws IOException {
		reader.skip(4);
		long riffSize = reader.readUnsignedIntLittleEndian();
		if (riffSize < 4 || riffSize + 8 > reader.size()) {
			throw corrupt("The WebP file is truncated.");
		}
		long end = riffSize + 8;
		reader.skip(4);
		int orientation = 1;
		boolean image = false;
		while (reader.position() + 8 <= end) {
			String name = new String(reader.readFully(4), java.nio.charset.StandardCharsets.US_ASCII);
			long length = reader.readUnsignedIntLittleEndian();
			long padded = length + (length & 1);
			if (reader.position() + length > end) {
				throw corrupt("The WebP file is truncated.");
			}
			if ("VP8 ".equals(name) || "VP8L".equals(name) || "ANMF".equals(name)) {
				image = true;
			}
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
		return orientation;
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

	private static ImageRejectedException corrupt(String detail) {
		return new ImageRejectedException(Reason.CORRUPT, detail);
	}

}
