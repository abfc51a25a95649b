package com.pixelgram.post.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.pixelgram.post.Futures;
import com.pixelgram.post.image.ImageRejectedException.Reason;

/**
 * Makes every rendition of an upload from ONE decode: the file is decoded once, with
 * source subsampling when it is far larger than the largest rendition, turned upright
 * (EXIF orientation), converted to sRGB (CMYK, ICC profiles, 16-bit and grey included),
 * and each smaller rendition is scaled from the previous one. The JPEGs carry no metadata
 * at all: no EXIF, no GPS, no ICC profile (untagged means sRGB).
 */
public class RenditionPipeline implements AutoCloseable {

	/** The name of the square thumbnail. */
	public static final String THUMBNAIL = "150";

	/** The longer side of the image a BlurHash is computed from. */
	static final int BLURHASH_SIDE = 64;

	private final List<Integer> widths;

	private final int thumbnailSize;

	private final float quality;

	private final long maxPixels;

	private final long maxDecodedPixels;

	/** Encodes the renditions of one image at once; none: one after another. */
	private final ExecutorService encoders;

	/**
	 * @param widths the widths of the wide renditions (never upscaled)
	 * @param thumbnailSize the side of the square, centre-cropped thumbnail
	 * @param quality the JPEG quality, 0 to 1
	 * @param maxPixels the largest image accepted, as the header says
	 * @param maxDecodedPixels the most pixels one decode may hold in memory; subsampling
	 * grows until it fits
	 */
	public RenditionPipeline(List<Integer> widths, int thumbnailSize, float quality, long maxPixels,
			long maxDecodedPixels) {
		this(widths, thumbnailSize, quality, maxPixels, maxDecodedPixels, 0);
	}

	/**
	 * A pipeline that encodes the renditions of an image in parallel, on
	 * {@code encodeThreads} threads of its own (0: one after another, on the caller's):
	 * the JPEG encoding was most of a render, and the renditions of one image do not
	 * depend on each other once scaled.
	 */
	public RenditionPipeline(List<Integer> widths, int thumbnailSize, float quality, long maxPixels,
			long maxDecodedPixels, int encodeThreads) {
		this.widths = widths.stream().sorted((a, b) -> Integer.compare(b, a)).toList();
		this.thumbnailSize = thumbnailSize;
		this.quality = quality;
		this.maxPixels = maxPixels;
		this.maxDecodedPixels = maxDecodedPixels;
		AtomicInteger threads = new AtomicInteger();
		this.encoders = (encodeThreads > 0) ? Executors.newFixedThreadPool(encodeThreads, (task) -> {
			Thread thread = new Thread(task, "rendition-encode-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	/**
	 * Renders the image: the wide renditions, largest first, then the thumbnail.
	 * @param file the original
	 * @param header what {@link ImageInspector} found in it
	 * @throws ImageRejectedException when the image cannot be decoded
	 */
	public List<Rendition> render(Path file, ImageHeader header) throws IOException {
		return render(file, header, false).renditions();
	}

	/**
	 * Renders the image as {@link #render} does and computes its BlurHash from the same
	 * decode: from the smallest wide rendition, scaled down to at most
	 * {@value #BLURHASH_SIDE} px on its longer side (the hash keeps a few cosine
	 * components, so more pixels change nothing but its cost).
	 * @throws ImageRejectedException when the image cannot be decoded
	 */
	public Rendered renderWithBlurhash(Path file, ImageHeader header) throws IOException {
		return render(file, header, true);
	}

	private Rendered render(Path file, ImageHeader header, boolean withBlurhash) throws IOException {
		if (header.pixels() > this.maxPixels || header.fixedDecodePixels() > this.maxDecodedPixels) {
			throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "The image has too many pixels.");
		}
		BufferedImage decoded = toRgb(decode(file, header));
		int orientation = header.orientation();
		boolean swap = orientation >= 5 && orientation <= 8;
		int uprightWidth = swap ? decoded.getHeight() : decoded.getWidth();
		int uprightHeight = swap ? decoded.getWidth() : decoded.getHeight();
		List<String> names = new ArrayList<>();
		List<BufferedImage> scaled = new ArrayList<>();
		BufferedImage previous = null;
		for (int width : this.widths) {
			int targetWidth = Math.min(width, uprightWidth);
			int targetHeight = Math.max(1, (int) Math.round((double) uprightHeight * targetWidth / uprightWidth));
			BufferedImage image;
			if (previous == null) {
				// Turned upright after the first scaling: fewer pixels to move.
				image = orient(scale(decoded, swap ? targetHeight : targetWidth, swap ? targetWidth : targetHeight),
						orientation);
			}
			else {
				image = scale(previous, targetWidth, targetHeight);
			}
			names.add(Integer.toString(width));
			scaled.add(image);
			previous = image;
		}
		List<BufferedImage> images = new ArrayList<>(scaled);
		images.add(thumbnail(decoded, orientation, scaled));
		names.add(THUMBNAIL);
		List<Rendition> renditions = encodeAll(names, images);
		String blurhash = null;
		if (withBlurhash) {
			BufferedImage smallest = scaled.isEmpty() ? orient(decoded, orientation) : scaled.get(scaled.size() - 1);
			blurhash = Blurhash.encode(blurhashSource(smallest));
		}
		return new Rendered(renditions, blurhash);
	}

	/**
	 * The renditions of the images, in order: encoded in parallel when there are
	 * encoders.
	 */
	private List<Rendition> encodeAll(List<String> names, List<BufferedImage> images) throws IOException {
		if (this.encoders == null) {
			List<Rendition> renditions = new ArrayList<>(images.size());
			for (int i = 0; i < images.size(); i++) {
				renditions.add(rendition(names.get(i), images.get(i)));
			}
			return renditions;
		}
		List<CompletableFuture<Rendition>> encoded = new ArrayList<>(images.size());
		for (int i = 0; i < images.size(); i++) {
			String name = names.get(i);
			BufferedImage image = images.get(i);
			encoded.add(CompletableFuture.supplyAsync(() -> {
				try {
					return rendition(name, image);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, this.encoders));
		}
		try {
			return Futures.all(encoded);
		}
		catch (UncheckedIOException ex) {
			// As if encoded on the caller's thread.
			IOException failure = ex.getCause();
			for (Throwable other : ex.getSuppressed()) {
				failure.addSuppressed(other);
			}
			throw failure;
		}
	}

	private Rendition rendition(String name, BufferedImage image) throws IOException {
		return new Rendition(name, image.getWidth(), image.getHeight(), encode(image));
	}

	@Override
	public void close() {
		if (this.encoders != null) {
			this.encoders.shutdown();
		}
	}

	/** The image scaled to at most {@value #BLURHASH_SIDE} px on its longer side. */
	private static BufferedImage blurhashSource(BufferedImage image) {
		int longer = Math.max(image.getWidth(), image.getHeight());
		if (longer <= BLURHASH_SIDE) {
			return image;
		}
		int width = Math.max(1, (int) Math.round((double) image.getWidth() * BLURHASH_SIDE / longer));
		int height = Math.max(1, (int) Math.round((double) image.getHeight() * BLURHASH_SIDE / longer));
		return scale(image, width, height);
	}

	/**
	 * How much to subsample while decoding: as much as possible while the upright width
	 * stays at least the largest rendition's and the short side at least the thumbnail's,
	 * and more when the decoded image would not fit the memory budget.
	 */
	int subsampling(ImageHeader header) {
		int largest = this.widths.isEmpty() ? this.thumbnailSize : this.widths.get(0);
		int shortSide = Math.min(header.width(), header.height());
		int factor = Math.max(1, Math.min(header.displayWidth() / largest, shortSide / this.thumbnailSize));
		while (((long) ceilDiv(header.width(), factor)) * ceilDiv(header.height(), factor) > this.maxDecodedPixels) {
			factor++;
		}
		return factor;
	}

	private BufferedImage decode(Path file, ImageHeader header) throws IOException {
		ImageReader reader = ImageInspector.reader(header.format());
		List<String> warnings = new ArrayList<>();
		try (FileImageInputStream in = new EndBoundedInputStream(file)) {
			// Metadata ignored: the renditions carry none, and what a decoder skips costs
			// nothing (the PNG decoder still reads a palette image's text chunks, which
			// the
			// inspector has capped).
			reader.setInput(in, true, true);
			reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
			ImageReadParam param = reader.getDefaultReadParam();
			int factor = subsampling(header);
			if (factor > 1) {
				param.setSourceSubsampling(factor, factor, 0, 0);
			}
			BufferedImage image = reader.read(0, param);
			for (String warning : warnings) {
				if (isDamage(warning)) {
					throw new ImageRejectedException(Reason.CORRUPT, "The image data is damaged.");
				}
			}
			return image;
		}
		catch (ImageRejectedException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new ImageRejectedException(Reason.CORRUPT, "The image cannot be decoded.", ex);
		}
		finally {
			reader.dispose();
		}
	}

	/**
	 * Whether a decoder warning means pixels are missing or wrong. libjpeg's "extraneous
	 * bytes before marker" is common in camera files and harmless.
	 */
	static boolean isDamage(String warning) {
		String text = warning.toLowerCase(Locale.ROOT);
		if (text.contains("extraneous bytes")) {
			return false;
		}
		return text.contains("premature") || text.contains("corrupt") || text.contains("huffman")
				|| text.contains("truncat") || text.contains("invalid") || text.contains("bad ");
	}

	/** An opaque sRGB image with packed int pixels, whatever was decoded. */
	static BufferedImage toRgb(BufferedImage source) {
		if (source.getType() == BufferedImage.TYPE_INT_RGB) {
			return source;
		}
		BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
		ColorSpace space = source.getColorModel().getColorSpace();
		boolean alpha = source.getColorModel().hasAlpha();
		if (!alpha && !space.isCS_sRGB() && space.getType() != ColorSpace.TYPE_GRAY) {
			// CMYK, Adobe RGB, Display P3...: a colour-managed conversion (LCMS).
			new ColorConvertOp(null).filter(source, rgb);
			return rgb;
		}
		Graphics2D graphics = rgb.createGraphics();
		try {
			if (alpha) {
				// JPEG has no alpha: transparent areas become white, not black.
				graphics.setColor(Color.WHITE);
				graphics.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
			}
			graphics.drawImage(source, 0, 0, null);
		}
		finally {
			graphics.dispose();
		}
		return rgb;
	}

	/** Applies an EXIF orientation (1 to 8) to a packed-int image. */
	static BufferedImage orient(BufferedImage image, int orientation) {
		if (orientation <= 1 || orientation > 8) {
			return image;
		}
		int w = image.getWidth();
		int h = image.getHeight();
		boolean swap = orientation >= 5;
		int outWidth = swap ? h : w;
		int outHeight = swap ? w : h;
		// Source index of output (x, y) = start + x * stepX + y * stepY.
		int start;
		int stepX;
		int stepY;
		switch (orientation) {
			case 2 -> {
				start = w - 1;
				stepX = -1;
				stepY = w;
			}
			case 3 -> {
				start = (h - 1) * w + w - 1;
				stepX = -1;
				stepY = -w;
			}
			case 4 -> {
				start = (h - 1) * w;
				stepX = 1;
				stepY = -w;
			}
			case 5 -> {
				start = 0;
				stepX = w;
				stepY = 1;
			}
			case 6 -> {
				start = (h - 1) * w;
				stepX = -w;
				stepY = 1;
			}
			case 7 -> {
				start = (h - 1) * w + w - 1;
				stepX = -w;
				stepY = -1;
			}
			default -> {
				start = w - 1;
				stepX = w;
				stepY = -1;
			}
		}
		BufferedImage out = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
		int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
		int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
		if (image.getRaster().getSampleModelTranslateX() != 0 || image.getRaster().getSampleModelTranslateY() != 0) {
			throw new IllegalArgumentException("a sub-image cannot be oriented");
		}
		for (int y = 0; y < outHeight; y++) {
			int row = y * outWidth;
			int index = start + y * stepY;
			for (int x = 0; x < outWidth; x++) {
				dst[row + x] = src[index];
				index += stepX;
			}
		}
		return out;
	}

	/** Downscales by halving steps, then one last step: bilinear never skips pixels. */
	static BufferedImage scale(BufferedImage source, int width, int height) {
		BufferedImage current = source;
		int currentWidth = source.getWidth();
		int currentHeight = source.getHeight();
		while (currentWidth / 2 >= width && currentHeight / 2 >= height) {
			currentWidth /= 2;
			currentHeight /= 2;
			current = draw(current, currentWidth, currentHeight);
		}
		if (currentWidth != width || currentHeight != height) {
			current = draw(current, width, height);
		}
		return current;
	}

	private static BufferedImage draw(BufferedImage source, int width, int height) {
		BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = target.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			graphics.drawImage(source, 0, 0, width, height, null);
		}
		finally {
			graphics.dispose();
		}
		return target;
	}

	/**
	 * The centre-cropped square, from the smallest rendition that still has enough pixels
	 * (the decoded image itself only for extreme panoramas).
	 */
	private BufferedImage thumbnail(BufferedImage decoded, int orientation, List<BufferedImage> scaled) {
		int side = Math.min(this.thumbnailSize, Math.min(decoded.getWidth(), decoded.getHeight()));
		BufferedImage source = null;
		for (BufferedImage candidate : scaled) {
			if (Math.min(candidate.getWidth(), candidate.getHeight()) >= side) {
				source = candidate;
			}
		}
		if (source == null) {
			source = orient(decoded, orientation);
		}
		int square = Math.min(source.getWidth(), source.getHeight());
		BufferedImage crop = source.getSubimage((source.getWidth() - square) / 2, (source.getHeight() - square) / 2,
				square, square);
		return scale(crop, side, side);
	}

	byte[] encode(BufferedImage image) throws IOException {
		ImageWriter writer = jpegWriter();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
		try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(this.quality);
			// No metadata passed: the writer adds a bare JFIF header and nothing else.
			writer.write(null, new IIOImage(toBgr(image), null, null), param);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	/**
	 * The JPEG writer takes interleaved bytes directly; packed ints it converts pixel by
	 * pixel, which costs more than this loop.
	 */
	private static BufferedImage toBgr(BufferedImage image) {
		if (image.getType() != BufferedImage.TYPE_INT_RGB || image.getRaster().getSampleModelTranslateX() != 0
				|| image.getRaster().getSampleModelTranslateY() != 0) {
			return image;
		}
		BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
		int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
		byte[] dst = ((java.awt.image.DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
		int count = image.getWidth() * image.getHeight();
		for (int i = 0, j = 0; i < count; i++, j += 3) {
			int pixel = src[i];
			dst[j] = (byte) pixel;
			dst[j + 1] = (byte) (pixel >> 8);
			dst[j + 2] = (byte) (pixel >> 16);
		}
		return bgr;
	}

	private static ImageWriter jpegWriter() {
		Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
		if (!writers.hasNext()) {
			throw new IllegalStateException("no JPEG writer");
		}
		return writers.next();
	}

	private static int ceilDiv(int value, int divisor) {
		return (value + divisor - 1) / divisor;
	}

	/**
	 * What one decode made.
	 *
	 * @param renditions the renditions, largest first, then the thumbnail
	 * @param blurhash the photo's BlurHash, or {@code null} when not asked for
	 */
	public record Rendered(List<Rendition> renditions, String blurhash) {

	}

}
