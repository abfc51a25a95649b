package com.pixelgram.post.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test images made on the fly: photos with EXIF, PNGs, CMYK and 16-bit files, and the
 * broken and hostile ones.
 */
public final class TestImages {

	/** The camera make written into the EXIF of {@link #withExif}, to look for later. */
	public static final String CAMERA_MAKE = "PixelgramTestCam";

	private TestImages() {
	}

	/**
	 * A photo-like RGB image: the left half reddish, the right half bluish, with shapes
	 * and some grain so that it compresses like a photo.
	 */
	public static BufferedImage photo(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setPaint(new GradientPaint(0, 0, new Color(220, 40, 40), width / 2f, height, new Color(250, 120, 90)));
		graphics.fillRect(0, 0, width / 2, height);
		graphics
			.setPaint(new GradientPaint(width / 2f, 0, new Color(30, 60, 220), width, height, new Color(90, 140, 250)));
		graphics.fillRect(width / 2, 0, width - width / 2, height);
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 400; i++) {
			int x = random.nextInt(width);
			int y = random.nextInt(height);
			Color base = (x < width / 2) ? new Color(200, 60, 40) : new Color(40, 80, 200);
			graphics.setColor(new Color(clamp(base.getRed() + random.nextInt(-40, 40)),
					clamp(base.getGreen() + random.nextInt(-40, 40)), clamp(base.getBlue() + random.nextInt(-40, 40))));
			int size = 10 + random.nextInt(Math.max(11, width / 20));
			graphics.fillOval(x, y, size, size);
		}
		graphics.dispose();
		int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
		for (int i = 0; i < pixels.length; i++) {
			int grain = random.nextInt(-6, 7);
			int p = pixels[i];
			pixels[i] = (clamp(((p >> 16) & 0xff) + grain) << 16) | (clamp(((p >> 8) & 0xff) + grain) << 8)
					| clamp((p & 0xff) + grain);
		}
		return image;
	}

	public static byte[] jpeg(BufferedImage image) {
		return jpeg(image, 0.9f);
	}

	public static byte[] jpeg(BufferedImage image, float quality) {
		try {
			ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
				writer.setOutput(out);
				ImageWriteParam param = writer.getDefaultWriteParam();
				param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				param.setCompressionQuality(quality);
				writer.write(null, new IIOImage(image, null, null), param);
			}
			writer.dispose();
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static byte[] png(BufferedImage image) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			ImageIO.write(image, "png", bytes);
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Inserts an EXIF APP1 segment right after SOI: the orientation, a camera make, and a
	 * GPS IFD with a latitude and longitude.
	 */
	public static byte[] withExif(byte[] jpeg, int orientation) {
		ByteBuffer tiff = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
		tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
		// IFD0 at 8: Make, Orientation, GPS IFD pointer
		int ifd0Entries = 3;
		int ifd0End = 8 + 2 + ifd0Entries * 12 + 4;
		int makeOffset = ifd0End;
		byte[] make = (CAMERA_MAKE + "\0").getBytes(StandardCharsets.US_ASCII);
		int gpsOffset = makeOffset + make.length + (make.length & 1);
		tiff.putShort((short) ifd0Entries);
		tiff.putShort((short) 0x010f).putShort((short) 2).putInt(make.length).putInt(makeOffset);
		tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
		tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsOffset);
		tiff.putInt(0);
		tiff.put(make);
		if ((make.length & 1) == 1) {
			tiff.put((byte) 0);
		}
		// GPS IFD: LatitudeRef N, Latitude 48/1 51/1 24/1, LongitudeRef E, Longitude 2/1
		// 21/1 7/1
		int gpsEntries = 4;
		int rationals = gpsOffset + 2 + gpsEntries * 12 + 4;
		tiff.putShort((short) gpsEntries);
		tiff.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
		tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(rationals);
		tiff.putShort((short) 3).putShort((short) 2).putInt(2).put((byte) 'E').put((byte) 0).putShort((short) 0);
		tiff.putShort((short) 4).putShort((short) 5).putInt(3).putInt(rationals + 24);
		tiff.putInt(0);
		for (int value : new int[] { 48, 51, 24, 2, 21, 7 }) {
			tiff.putInt(value).putInt(1);
		}
		byte[] tiffBytes = Arrays.copyOf(tiff.array(), tiff.position());
		int length = 2 + 6 + tiffBytes.length;
		ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 4);
		out.write(jpeg, 0, 2);
		out.write(0xff);
		out.write(0xe1);
		out.write(length >> 8);
		out.write(length & 0xff);
		out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(tiffBytes);
		out.write(jpeg, 2, jpeg.length - 2);
		return out.toByteArray();
	}

	/**
	 * A JPEG whose four channels are CMYK, as Photoshop writes them (Adobe, inverted).
	 */
	public static byte[] cmykJpeg(int width, int height) {
		try {
			WritableRaster raster = Raster.createBandedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					// Pure cyan on the left, pure magenta on the right; Adobe stores 255
					// - ink.
					boolean left = x < width / 2;
					raster.setSample(x, y, 0, left ? 0 : 255);
					raster.setSample(x, y, 1, left ? 255 : 0);
					raster.setSample(x, y, 2, 255);
					raster.setSample(x, y, 3, 255);
				}
			}
			ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
				writer.setOutput(out);
				writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
			}
			writer.dispose();
			// The JDK writes the four channels as they are but says nothing of what they
			// are: an Adobe segment with transform 0 declares them CMYK.
			byte[] jpeg = bytes.toByteArray();
			byte[] adobe = { (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0 };
			ByteArrayOutputStream tagged = new ByteArrayOutputStream(jpeg.length + adobe.length);
			tagged.write(jpeg, 0, 2);
			tagged.writeBytes(adobe);
			tagged.write(jpeg, 2, jpeg.length - 2);
			return tagged.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A 16-bit-per-channel RGB PNG. */
	public static byte[] png16(int width, int height) {
		ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
				Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
		WritableRaster raster = model.createCompatibleWritableRaster(width, height);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				raster.setSample(x, y, 0, (x * 65535) / width);
				raster.setSample(x, y, 1, 20000);
				raster.setSample(x, y, 2, (y * 65535) / height);
			}
		}
		return png(new BufferedImage(model, raster, false, null));
	}

	/**
	 * A small, well-formed PNG whose header claims {@code width×height}: a decompression
	 * bomb as far as any decoder could tell before inflating it.
	 */
	public static byte[] pngClaiming(int width, int height) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
		header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
		chunk(out, "IHDR", header.array());
		// A few bytes of zlib: inflating all of it would be the attack.
		chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 });
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	/**
	 * A small JPEG whose frame header (SOF) claims {@code width×height} (each at most
	 * 65,535): a real 16×16 photo with the two fields rewritten, so that every segment
	 * stays well-formed and only the declared size is hostile.
	 */
	public static byte[] jpegClaiming(int width, int height) {
		byte[] jpeg = jpeg(photo(16, 16));
		int i = 2;
		while (i + 9 < jpeg.length) {
			int marker = jpeg[i + 1] & 0xff;
			if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
				// FFCx, length (2), precision (1), then height and width (2 each).
				jpeg[i + 5] = (byte) (height >> 8);
				jpeg[i + 6] = (byte) height;
				jpeg[i + 7] = (byte) (width >> 8);
				jpeg[i + 8] = (byte) width;
				return jpeg;
			}
			i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
		}
		throw new IllegalStateException("no frame header");
	}

	/**
	 * A PNG with {@code count} tEXt chunks between its header and its pixels, each a few
	 * dozen bytes: harmless alone, thousands of them a cost to every decoder that reads
	 * them.
	 */
	public static byte[] pngWithTextChunks(BufferedImage image, int count) {
		ByteArrayOutputStream extra = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			chunk(extra, "tEXt",
					("Comment\0line " + i + " of a very long story").getBytes(StandardCharsets.ISO_8859_1));
		}
		return insertAfterPngHeader(png(image), extra.toByteArray());
	}

	/**
	 * A palette PNG (whose text the JDK's decoder reads even when told to ignore
	 * metadata) with a zTXt chunk of a few hundred kilobytes that inflates to
	 * {@code inflatedMegabytes} MB of zeros.
	 */
	public static byte[] pngWithCompressedTextBomb(int inflatedMegabytes) {
		BufferedImage indexed = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_INDEXED);
		Graphics2D graphics = indexed.createGraphics();
		graphics.drawImage(photo(64, 48), 0, 0, null);
		graphics.dispose();
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		data.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
		java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
		byte[] zeros = new byte[1024 * 1024];
		byte[] buffer = new byte[64 * 1024];
		for (int i = 0; i < inflatedMegabytes; i++) {
			deflater.setInput(zeros);
			while (!deflater.needsInput()) {
				data.write(buffer, 0, deflater.deflate(buffer));
			}
		}
		deflater.finish();
		while (!deflater.finished()) {
			data.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		ByteArrayOutputStream extra = new ByteArrayOutputStream();
		chunk(extra, "zTXt", data.toByteArray());
		return insertAfterPngHeader(png(indexed), extra.toByteArray());
	}

	/**
	 * A PNG with an ICC profile chunk whose name breaks the specification (longer than 79
	 * characters): a decoder that reads metadata fails on it, one that ignores it does
	 * not.
	 */
	public static byte[] pngWithMalformedProfileName(BufferedImage image) {
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		data.writeBytes(("P".repeat(100) + "\0\0").getBytes(StandardCharsets.ISO_8859_1));
		java.util.zip.Deflater deflater = new java.util.zip.Deflater();
		deflater.setInput(new byte[128]);
		deflater.finish();
		byte[] buffer = new byte[1024];
		data.write(buffer, 0, deflater.deflate(buffer));
		deflater.end();
		ByteArrayOutputStream extra = new ByteArrayOutputStream();
		chunk(extra, "iCCP", data.toByteArray());
		return insertAfterPngHeader(png(image), extra.toByteArray());
	}

	private static byte[] insertAfterPngHeader(byte[] png, byte[] chunks) {
		// Signature (8), then IHDR: length (4), type (4), 13 bytes, CRC (4).
		int afterHeader = 8 + 4 + 4 + 13 + 4;
		ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + chunks.length);
		out.write(png, 0, afterHeader);
		out.writeBytes(chunks);
		out.write(png, afterHeader, png.length - afterHeader);
		return out.toByteArray();
	}

	/** A JPEG with {@code count} small APP4 segments right after SOI. */
	public static byte[] jpegWithAppSegments(BufferedImage image, int count) {
		byte[] jpeg = jpeg(image);
		byte[] payload = "PixelgramPadding".getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + count * (payload.length + 4));
		out.write(jpeg, 0, 2);
		for (int i = 0; i < count; i++) {
			out.write(0xff);
			out.write(0xe4);
			out.write((payload.length + 2) >> 8);
			out.write((payload.length + 2) & 0xff);
			out.writeBytes(payload);
		}
		out.write(jpeg, 2, jpeg.length - 2);
		return out.toByteArray();
	}

	/**
	 * A lossless WebP (VP8L) of {@code width×height} pixels of one colour (R 0x20, G
	 * 0x80, B 0xC0) in a few dozen bytes: every prefix code has a single symbol, so no
	 * pixel takes a bit. {@code padding} zero bytes follow the bitstream; with few of
	 * them the decoder runs into the end of the file while it reads.
	 */
	public static byte[] losslessWebp(int width, int height, int padding) {
		LsbBits bits = new LsbBits();
		bits.put(0x2f, 8);
		bits.put(width - 1, 14);
		bits.put(height - 1, 14);
		// No alpha, version 0, no transform, no colour cache, no meta prefix codes.
		bits.put(0, 1 + 3 + 1 + 1 + 1);
		// Green, red, blue, alpha: simple codes of one 8-bit symbol.
		for (int symbol : new int[] { 0x80, 0x20, 0xc0, 0xff }) {
			bits.put(1, 1);
			bits.put(0, 1);
			bits.put(1, 1);
			bits.put(symbol, 8);
		}
		// Distance: a simple code of one 1-bit symbol, 0.
		bits.put(1, 1);
		bits.put(0, 1);
		bits.put(0, 1);
		bits.put(0, 1);
		byte[] data = Arrays.copyOf(bits.bytes(), bits.bytes().length + padding);
		return riff("VP8L", data);
	}

	/**
	 * A lossy WebP (VP8) whose key frame header claims {@code width×height}: the chunk
	 * holds only the header (each side at most 16,383), as far as a container check or a
	 * header read can tell a valid image.
	 */
	public static byte[] lossyWebpClaiming(int width, int height) {
		ByteBuffer frame = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
		// Frame tag: key frame, version 0, shown, first partition of 0 bytes.
		frame.put((byte) 0x10).put((byte) 0).put((byte) 0);
		frame.put((byte) 0x9d).put((byte) 0x01).put((byte) 0x2a);
		frame.putShort((short) width).putShort((short) height);
		return riff("VP8 ", frame.array());
	}

	private static byte[] riff(String chunk, byte[] data) {
		int padded = data.length + (data.length & 1);
		ByteBuffer riff = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
		riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + padded);
		riff.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunk.getBytes(StandardCharsets.US_ASCII));
		riff.putInt(data.length).put(data);
		return riff.array();
	}

	/** Bits written least significant first, as VP8L reads them. */
	private static final class LsbBits {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private int current;

		private int count;

		void put(long value, int bits) {
			for (int i = 0; i < bits; i++) {
				if (((value >> i) & 1) != 0) {
					this.current |= 1 << this.count;
				}
				if (++this.count == 8) {
					this.out.write(this.current);
					this.current = 0;
					this.count = 0;
				}
			}
		}

		byte[] bytes() {
			ByteArrayOutputStream copy = new ByteArrayOutputStream();
			copy.writeBytes(this.out.toByteArray());
			if (this.count > 0) {
				copy.write(this.current);
			}
			return copy.toByteArray();
		}

	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		out.writeBytes(name);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	/** The first part of a file, as an interrupted upload leaves it. */
	public static byte[] truncated(byte[] bytes, double fraction) {
		return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
	}

	/**
	 * A JPEG whose container is intact but whose compressed pixels are noise: only a
	 * decoder can tell.
	 */
	public static byte[] scrambledJpeg(int width, int height) {
		byte[] jpeg = jpeg(photo(width, height));
		int scan = startOfScanData(jpeg);
		SplittableRandom random = new SplittableRandom(7);
		for (int i = scan + 50; i < jpeg.length - 2; i++) {
			// No 0xFF, so that no marker appears or disappears.
			jpeg[i] = (byte) random.nextInt(0, 255);
		}
		return jpeg;
	}

	private static int startOfScanData(byte[] jpeg) {
		int i = 2;
		while (i < jpeg.length) {
			int marker = jpeg[i + 1] & 0xff;
			int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
			if (marker == 0xda) {
				return i + 2 + length;
			}
			i += 2 + length;
		}
		throw new IllegalArgumentException("no scan");
	}

	/** Bytes that contain the given ASCII text. */
	public static boolean contains(byte[] bytes, String text) {
		byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
		outer: for (int i = 0; i <= bytes.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (bytes[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	/** Whether a JPEG has an APP1 (EXIF or XMP) segment before its image data. */
	public static boolean hasApp1(byte[] jpeg) {
		int i = 2;
		while (i + 3 < jpeg.length && (jpeg[i] & 0xff) == 0xff) {
			int marker = jpeg[i + 1] & 0xff;
			if (marker == 0xe1) {
				return true;
			}
			if (marker == 0xda) {
				return false;
			}
			i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
		}
		return false;
	}

	private static int clamp(int value) {
		return Math.max(0, Math.min(255, value));
	}

}
