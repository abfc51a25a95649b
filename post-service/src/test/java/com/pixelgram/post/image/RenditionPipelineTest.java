package com.pixelgram.post.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import com.pixelgram.post.image.ImageRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenditionPipelineTest {

	private final ImageInspector inspector = new ImageInspector(50_000_000, 24_000_000,
			new MetadataLimits(64, 1024 * 1024));

	private final RenditionPipeline pipeline = new RenditionPipeline(List.of(1080, 720, 480), 150, 0.85f, 50_000_000,
			24_000_000);

	@TempDir
	Path directory;

	@Test
	void readsTypeSizeAndOrientationFromTheHeaderOnly() throws IOException {
		ImageHeader header = this.inspector
			.inspect(file(TestImages.withExif(TestImages.jpeg(TestImages.photo(400, 300)), 6)));

		assertThat(header).isEqualTo(new ImageHeader(ImageFormat.JPEG, 400, 300, 6));
		assertThat(header.displayWidth()).isEqualTo(300);
	}

	@Test
	void refusesTextWhateverItIsCalled() {
		assertRejected("not an image at all".getBytes(), Reason.UNSUPPORTED_TYPE);
	}

	@Test
	void refusesAPixelBombFromItsHeader() {
		assertRejected(TestImages.pngClaiming(20_000, 20_000), Reason.TOO_MANY_PIXELS);
	}

	@Test
	void refusesAJpegPixelBombFromItsFrameHeader() throws IOException {
		byte[] bomb = TestImages.jpegClaiming(10_000, 8_000);

		assertThatThrownBy(() -> this.inspector.inspect(file(bomb)))
			.isInstanceOfSatisfying(ImageRejectedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_MANY_PIXELS))
			.hasMessageContaining("10000×8000");
		// The same bytes with an honest size are a valid image: only the declared size
		// was refused.
		assertThat(this.inspector.inspect(file(TestImages.jpegClaiming(16, 16))))
			.isEqualTo(new ImageHeader(ImageFormat.JPEG, 16, 16, 1));
	}

	@Test
	void refusesTruncatedJpegAndPng() {
		byte[] jpeg = TestImages.jpeg(TestImages.photo(600, 400));
		byte[] png = TestImages.png(TestImages.photo(300, 200));

		assertRejected(TestImages.truncated(jpeg, 0.6), Reason.CORRUPT);
		assertRejected(TestImages.truncated(png, 0.6), Reason.CORRUPT);
	}

	@Test
	void refusesAPngWithADamagedChunk() {
		byte[] png = TestImages.png(TestImages.photo(300, 200));
		png[png.length / 2] ^= 0x55;

		assertRejected(png, Reason.CORRUPT);
	}

	@Test
	void makesUprightRenditionsWithoutMetadataFromARotatedPhoto() throws IOException {
		byte[] original = TestImages.withExif(TestImages.jpeg(TestImages.photo(4000, 3000)), 6);
		Path file = file(original);

		Map<String, Rendition> renditions = byName(this.pipeline.render(file, this.inspector.inspect(file)));

		assertThat(renditions.keySet()).containsExactlyInAnyOrder("1080", "720", "480", "150");
		assertSize(renditions.get("1080"), 1080, 1440);
		assertSize(renditions.get("720"), 720, 960);
		assertSize(renditions.get("480"), 480, 640);
		assertSize(renditions.get("150"), 150, 150);
		BufferedImage large = decode(renditions.get("1080").jpeg());
		// The left (red) half of the landscape original is the top half once turned.
		assertThat(red(large.getRGB(540, 200))).isGreaterThan(blue(large.getRGB(540, 200)) + 80);
		assertThat(blue(large.getRGB(540, 1240))).isGreaterThan(red(large.getRGB(540, 1240)) + 80);
		for (Rendition rendition : renditions.values()) {
			assertThat(TestImages.hasApp1(rendition.jpeg())).as(rendition.name()).isFalse();
			assertThat(TestImages.contains(rendition.jpeg(), TestImages.CAMERA_MAKE)).isFalse();
		}
	}

	@Test
	void encodingTheRenditionsInParallelMakesTheSameOnesInTheSameOrder() throws IOException {
		Path file = file(TestImages.withExif(TestImages.jpeg(TestImages.photo(2000, 1500)), 6));
		ImageHeader header = this.inspector.inspect(file);

		try (RenditionPipeline parallel = new RenditionPipeline(List.of(1080, 720, 480), 150, 0.85f, 50_000_000,
				24_000_000, 4)) {
			RenditionPipeline.Rendered sequential = this.pipeline.renderWithBlurhash(file, header);
			RenditionPipeline.Rendered concurrent = parallel.renderWithBlurhash(file, header);

			assertThat(concurrent.renditions()).extracting(Rendition::name)
				.containsExactly("1080", "720", "480", "150");
			for (int i = 0; i < sequential.renditions().size(); i++) {
				Rendition expected = sequential.renditions().get(i);
				Rendition actual = concurrent.renditions().get(i);
				assertThat(actual.width()).as(expected.name()).isEqualTo(expected.width());
				assertThat(actual.height()).as(expected.name()).isEqualTo(expected.height());
				assertThat(actual.jpeg()).as(expected.name()).isEqualTo(expected.jpeg());
			}
			assertThat(concurrent.blurhash()).isEqualTo(sequential.blurhash());
		}
	}

	@Test
	void neverUpscalesASmallImage() throws IOException {
		Path file = file(TestImages.png(TestImages.photo(600, 200)));

		Map<String, Rendition> renditions = byName(this.pipeline.render(file, this.inspector.inspect(file)));

		assertSize(renditions.get("1080"), 600, 200);
		assertSize(renditions.get("720"), 600, 200);
		assertSize(renditions.get("480"), 480, 160);
		assertSize(renditions.get("150"), 150, 150);
	}

	@Test
	void convertsCmykToRgb() throws IOException {
		Path file = file(TestImages.cmykJpeg(1200, 800));

		Map<String, Rendition> renditions = byName(this.pipeline.render(file, this.inspector.inspect(file)));

		BufferedImage image = decode(renditions.get("1080").jpeg());
		int cyan = image.getRGB(100, 300);
		int magenta = image.getRGB(1000, 300);
		assertThat(red(cyan)).isLessThan(120);
		assertThat(blue(cyan)).isGreaterThan(180);
		assertThat(green(magenta)).isLessThan(120);
		assertThat(red(magenta)).isGreaterThan(180);
	}

	@Test
	void converts16BitPng() throws IOException {
		Path file = file(TestImages.png16(1600, 1000));

		Map<String, Rendition> renditions = byName(this.pipeline.render(file, this.inspector.inspect(file)));

		assertSize(renditions.get("1080"), 1080, 675);
	}

	@Test
	void readsWebp() throws IOException {
		byte[] webp;
		try (InputStream in = getClass().getResourceAsStream("/images/photo-1200x900.webp")) {
			webp = in.readAllBytes();
		}
		Path file = file(webp);

		ImageHeader header = this.inspector.inspect(file);
		Map<String, Rendition> renditions = byName(this.pipeline.render(file, header));

		assertThat(header.format()).isEqualTo(ImageFormat.WEBP);
		assertSize(renditions.get("1080"), 1080, 810);
	}

	@Test
	void refusesScrambledPixelDataWhenDecoding() throws IOException {
		Path file = file(TestImages.scrambledJpeg(800, 600));
		ImageHeader header = this.inspector.inspect(file);

		assertThatThrownBy(() -> this.pipeline.render(file, header)).isInstanceOfSatisfying(
				ImageRejectedException.class, (ex) -> assertThat(ex.reason()).isEqualTo(Reason.CORRUPT));
	}

	@Test
	void subsamplesOnlyWhatTheLargestRenditionCanSpare() {
		assertThat(this.pipeline.subsampling(new ImageHeader(ImageFormat.JPEG, 4000, 3000, 1))).isEqualTo(3);
		assertThat(this.pipeline.subsampling(new ImageHeader(ImageFormat.JPEG, 4000, 3000, 6))).isEqualTo(2);
		assertThat(this.pipeline.subsampling(new ImageHeader(ImageFormat.JPEG, 1500, 1000, 1))).isEqualTo(1);
		// A panorama keeps enough height for its thumbnail.
		assertThat(this.pipeline.subsampling(new ImageHeader(ImageFormat.JPEG, 12000, 600, 1))).isEqualTo(4);
	}

	@Test
	void refusesAPngWithThousandsOfTextChunksReadingOnlyItsContainer() throws IOException {
		Path file = file(TestImages.pngWithTextChunks(TestImages.photo(64, 48), 5000));

		long allocated = allocatedBy(() -> assertRejected(file, Reason.TOO_MUCH_METADATA));

		assertThat(allocated).isLessThan(8L * 1024 * 1024);
	}

	@Test
	void refusesACompressedTextBombWithoutInflatingIt() throws IOException {
		byte[] bomb = TestImages.pngWithCompressedTextBomb(512);
		// Half a gigabyte of text in a chunk well under the metadata cap.
		assertThat(bomb.length).isLessThan(1024 * 1024);
		Path file = file(bomb);

		long allocated = allocatedBy(() -> assertRejected(file, Reason.TOO_MUCH_METADATA));

		assertThat(allocated).isLessThan(8L * 1024 * 1024);
	}

	@Test
	void refusesAJpegWithTooManyApplicationSegments() throws IOException {
		assertRejected(file(TestImages.jpegWithAppSegments(TestImages.photo(64, 48), 65)), Reason.TOO_MUCH_METADATA);
		// Up to the cap, the same segments are fine.
		Path file = file(TestImages.jpegWithAppSegments(TestImages.photo(64, 48), 63));
		assertThat(this.pipeline.render(file, this.inspector.inspect(file))).hasSize(4);
	}

	@Test
	void refusesALosslessWebpItsDecoderWouldHoldWhole() throws IOException {
		byte[] webp = TestImages.losslessWebp(7071, 7071, 64);
		assertThat(webp.length).isLessThan(200);
		Path file = file(webp);

		// Under the 50-megapixel limit, but decoded whole at any subsampling: 200 MB.
		assertThatThrownBy(() -> this.inspector.inspect(file))
			.isInstanceOfSatisfying(ImageRejectedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_MANY_PIXELS))
			.hasMessageContaining("7071×7071")
			.hasMessageContaining("24,000,000");
		assertThatThrownBy(
				() -> this.pipeline.render(file, new ImageHeader(ImageFormat.WEBP, 7071, 7071, 1, 7071L * 7071)))
			.isInstanceOf(ImageRejectedException.class);
	}

	@Test
	void countsALossyWebpAtWhatItsDecoderHolds() throws IOException {
		// 6 megapixels: a JPEG or PNG of this size is subsampled to fit, a lossy WebP's
		// decoder holds about 24 bytes for each of them.
		assertRejected(file(TestImages.lossyWebpClaiming(3000, 2000)), Reason.TOO_MANY_PIXELS);
		assertThat(this.inspector.inspect(file(TestImages.lossyWebpClaiming(2000, 1500))).fixedDecodePixels())
			.isEqualTo(6L * 2000 * 1500);
	}

	@Test
	void decodesALosslessWebpButStopsADecoderThatKeepsReadingPastTheEnd() throws IOException {
		Path whole = file(TestImages.losslessWebp(1000, 750, 64));
		Map<String, Rendition> renditions = byName(this.pipeline.render(whole, this.inspector.inspect(whole)));
		assertSize(renditions.get("1080"), 1000, 750);
		int rgb = decode(renditions.get("1080").jpeg()).getRGB(500, 400);
		assertThat(blue(rgb)).isGreaterThan(red(rgb) + 100);

		// The same bitstream with only two bytes after it: the decoder's reads run into
		// the end of the file, and it catches the EOFException and reads again for every
		// pixel, tens of microseconds each (about a minute for this one).
		Path spinning = file(TestImages.losslessWebp(1000, 750, 2));
		ImageHeader header = this.inspector.inspect(spinning);
		long start = System.nanoTime();

		assertThatThrownBy(() -> this.pipeline.render(spinning, header)).isInstanceOfSatisfying(
				ImageRejectedException.class, (ex) -> assertThat(ex.reason()).isEqualTo(Reason.CORRUPT));
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
	}

	@Test
	void decodesIgnoringMetadata() throws IOException {
		// Metadata a decoder that read it would choke on: an ICC profile whose name is
		// longer than PNG allows.
		Path file = file(TestImages.pngWithMalformedProfileName(TestImages.photo(400, 300)));

		Map<String, Rendition> renditions = byName(this.pipeline.render(file, this.inspector.inspect(file)));

		assertSize(renditions.get("1080"), 400, 300);
	}

	/** Bytes this thread allocated while running the check. */
	private static long allocatedBy(Runnable check) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		check.run();
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

	private void assertRejected(Path file, Reason reason) {
		assertThatThrownBy(() -> this.inspector.inspect(file)).isInstanceOfSatisfying(ImageRejectedException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

	private void assertRejected(byte[] bytes, Reason reason) {
		assertThatThrownBy(() -> this.inspector.inspect(file(bytes)))
			.isInstanceOfSatisfying(ImageRejectedException.class, (ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

	private Path file(byte[] bytes) throws IOException {
		Path file = Files.createTempFile(this.directory, "upload", ".bin");
		Files.write(file, bytes);
		return file;
	}

	private static Map<String, Rendition> byName(List<Rendition> renditions) {
		return renditions.stream().collect(Collectors.toMap(Rendition::name, Function.identity()));
	}

	private static void assertSize(Rendition rendition, int width, int height) throws IOException {
		assertThat(rendition.width()).isEqualTo(width);
		assertThat(rendition.height()).isEqualTo(height);
		BufferedImage image = decode(rendition.jpeg());
		assertThat(image.getWidth()).isEqualTo(width);
		assertThat(image.getHeight()).isEqualTo(height);
	}

	static BufferedImage decode(byte[] jpeg) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(jpeg));
	}

	static int red(int rgb) {
		return (rgb >> 16) & 0xff;
	}

	static int green(int rgb) {
		return (rgb >> 8) & 0xff;
	}

	static int blue(int rgb) {
		return rgb & 0xff;
	}

}
