package com.pixelgram.post.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The encoder against hashes of the reference implementation (the values that other
 * implementations' test suites check, for images that can be made here exactly), and
 * against a decoder written from the same public algorithm.
 */
class BlurhashTest {

	private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

	@TempDir
	Path directory;

	@Test
	void encodesABlackImageAsTheReferenceDoes() {
		assertThat(Blurhash.encode(solid(32, 32, Color.BLACK), 4, 3)).isEqualTo("L00000fQfQfQfQfQfQfQfQfQfQfQ");
	}

	@Test
	void encodesWhiteWithOneComponentAsTheReferenceDoes() {
		assertThat(Blurhash.encode(solid(16, 16, Color.WHITE), 1, 1)).isEqualTo("00TSUA");
	}

	@Test
	void encodesAOnePixelWhiteImageWithSixteenComponentsAsTheReferenceDoes() {
		// one pixel: every cosine is 1, so every AC component is twice the DC
		assertThat(Blurhash.encode(solid(1, 1, Color.WHITE), 4, 4)).isEqualTo("U~TSUA" + "~q".repeat(15));
	}

	@Test
	void takesMoreComponentsAlongTheLongerSide() {
		assertThat(Blurhash.encode(solid(40, 30, Color.GRAY))).hasSize(4 + 2 * 12).startsWith("L");
		assertThat(Blurhash.encode(solid(30, 40, Color.GRAY))).hasSize(4 + 2 * 12).startsWith("T");
	}

	@Test
	void decodesBackToTheImagesColoursWhereTheyAre() {
		BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(new Color(220, 30, 30));
		graphics.fillRect(0, 0, 32, 48);
		graphics.setColor(new Color(20, 40, 200));
		graphics.fillRect(32, 0, 32, 48);
		graphics.dispose();

		String hash = Blurhash.encode(image, 4, 3);
		int[] left = decode(hash, 64, 48, 4, 24);
		int[] right = decode(hash, 64, 48, 60, 24);

		assertThat(hash).hasSize(28);
		assertThat(left[0]).isGreaterThan(180);
		assertThat(left[2]).isLessThan(80);
		assertThat(right[2]).isGreaterThan(160);
		assertThat(right[0]).isLessThan(80);
		// top and bottom nearly alike: the image does not change downwards (the
		// algorithm's sampled cosines leave a little in the vertical components)
		assertThat(decode(hash, 64, 48, 4, 2)[0]).isCloseTo(decode(hash, 64, 48, 4, 46)[0], within(12));
	}

	@Test
	void thePipelineHashesTheUprightPhotoFromItsOneDecode() throws IOException {
		RenditionPipeline pipeline = new RenditionPipeline(List.of(1080, 720, 480), 150, 0.85f, 50_000_000, 24_000_000);
		ImageInspector inspector = new ImageInspector(50_000_000, 24_000_000, new MetadataLimits(64, 1024 * 1024));
		// 1600×1200 turned by EXIF orientation 6: a portrait photo
		Path file = Files.write(this.directory.resolve("photo.jpg"),
				TestImages.withExif(TestImages.jpeg(TestImages.photo(1600, 1200)), 6));

		RenditionPipeline.Rendered rendered = pipeline.renderWithBlurhash(file, inspector.inspect(file));

		assertThat(rendered.renditions()).hasSize(4);
		assertThat(rendered.blurhash()).hasSize(4 + 2 * 12).startsWith("T");
		assertThat(pipeline.render(file, inspector.inspect(file))).hasSize(4);
	}

	private static BufferedImage solid(int width, int height, Color color) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		int[] pixels = new int[width * height];
		Arrays.fill(pixels, color.getRGB());
		image.setRGB(0, 0, width, height, pixels, 0, width);
		return image;
	}

	/** The sRGB colour of one pixel of the hash decoded at width × height. */
	private static int[] decode(String hash, int width, int height, int x, int y) {
		int sizeFlag = digits(hash, 0, 1);
		int componentsX = sizeFlag % 9 + 1;
		int componentsY = sizeFlag / 9 + 1;
		double maximum = (digits(hash, 1, 2) + 1) / 166.0;
		double[] pixel = new double[3];
		for (int j = 0; j < componentsY; j++) {
			for (int i = 0; i < componentsX; i++) {
				int k = j * componentsX + i;
				double[] colour;
				if (k == 0) {
					int dc = digits(hash, 2, 6);
					colour = new double[] { linear(dc >> 16), linear((dc >> 8) & 0xff), linear(dc & 0xff) };
				}
				else {
					int ac = digits(hash, 4 + 2 * k, 6 + 2 * k);
					colour = new double[] { unquantise(ac / 361, maximum), unquantise((ac / 19) % 19, maximum),
							unquantise(ac % 19, maximum) };
				}
				double basis = Math.cos(Math.PI * x * i / width) * Math.cos(Math.PI * y * j / height);
				for (int c = 0; c < 3; c++) {
					pixel[c] += colour[c] * basis;
				}
			}
		}
		return new int[] { srgb(pixel[0]), srgb(pixel[1]), srgb(pixel[2]) };
	}

	private static int digits(String hash, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			value = value * 83 + DIGITS.indexOf(hash.charAt(i));
		}
		return value;
	}

	private static double unquantise(int value, double maximum) {
		double ratio = (value - 9) / 9.0;
		return Math.copySign(ratio * ratio, ratio) * maximum;
	}

	private static double linear(int value) {
		double v = value / 255.0;
		return (v <= 0.04045) ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}

	private static int srgb(double value) {
		double v = Math.max(0, Math.min(1, value));
		return (int) Math.round(((v <= 0.0031308) ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255);
	}

}
