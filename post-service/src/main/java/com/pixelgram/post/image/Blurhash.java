package com.pixelgram.post.image;

import java.awt.image.BufferedImage;

/**
 * The BlurHash of an image (https://blurha.sh, the public algorithm of Wolt's reference
 * implementation): the average colour and a few cosine components in linear light,
 * quantised into base 83. A client decodes it into a blurred placeholder of the photo's
 * aspect while the photo loads.
 */
final class Blurhash {

	private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

	/** sRGB byte to linear light. */
	private static final double[] LINEAR = new double[256];

	static {
		for (int i = 0; i < 256; i++) {
			double value = i / 255.0;
			LINEAR[i] = (value <= 0.04045) ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
		}
	}

	private Blurhash() {
	}

	/**
	 * The hash of an opaque image with 4×3 components, 3×4 for a portrait one: more
	 * components along the longer side.
	 */
	static String encode(BufferedImage image) {
		boolean portrait = image.getHeight() > image.getWidth();
		return encode(image, portrait ? 3 : 4, portrait ? 4 : 3);
	}

	/**
	 * The hash of an opaque image.
	 * @param componentsX components across, 1 to 9
	 * @param componentsY components down, 1 to 9
	 */
	static String encode(BufferedImage image, int componentsX, int componentsY) {
		int width = image.getWidth();
		int height = image.getHeight();
		return encode(image.getRGB(0, 0, width, height, null, 0, width), width, height, componentsX, componentsY);
	}

	/**
	 * The hash of packed RGB pixels (row by row, alpha ignored).
	 * @param componentsX components across, 1 to 9
	 * @param componentsY components down, 1 to 9
	 */
	static String encode(int[] pixels, int width, int height, int componentsX, int componentsY) {
		if (componentsX < 1 || componentsX > 9 || componentsY < 1 || componentsY > 9) {
			throw new IllegalArgumentException("components must be 1 to 9");
		}
		if (width < 1 || height < 1 || pixels.length < width * height) {
			throw new IllegalArgumentException("no pixels");
		}
		double[] red = new double[width * height];
		double[] green = new double[red.length];
		double[] blue = new double[red.length];
		for (int i = 0; i < red.length; i++) {
			int pixel = pixels[i];
			red[i] = LINEAR[(pixel >> 16) & 0xff];
			green[i] = LINEAR[(pixel >> 8) & 0xff];
			blue[i] = LINEAR[pixel & 0xff];
		}
		double[][] factors = new double[componentsX * componentsY][];
		double[] cosX = new double[width];
		double[] cosY = new double[height];
		for (int j = 0; j < componentsY; j++) {
			for (int y = 0; y < height; y++) {
				cosY[y] = Math.cos(Math.PI * j * y / height);
			}
			for (int i = 0; i < componentsX; i++) {
				for (int x = 0; x < width; x++) {
					cosX[x] = Math.cos(Math.PI * i * x / width);
				}
				double r = 0;
				double g = 0;
				double b = 0;
				for (int y = 0; y < height; y++) {
					int row = y * width;
					double rowCos = cosY[y];
					for (int x = 0; x < width; x++) {
						double basis = cosX[x] * rowCos;
						r += basis * red[row + x];
						g += basis * green[row + x];
						b += basis * blue[row + x];
					}
				}
				double scale = ((i == 0 && j == 0) ? 1.0 : 2.0) / (width * height);
				factors[j * componentsX + i] = new double[] { r * scale, g * scale, b * scale };
			}
		}
		StringBuilder hash = new StringBuilder(4 + 2 * factors.length);
		append(hash, (componentsX - 1) + (componentsY - 1) * 9, 1);
		double maximum = 1;
		if (factors.length > 1) {
			double actual = 0;
			for (int k = 1; k < factors.length; k++) {
				for (double value : factors[k]) {
					actual = Math.max(actual, Math.abs(value));
				}
			}
			int quantised = (int) Math.max(0, Math.min(82, Math.floor(actual * 166 - 0.5)));
			maximum = (quantised + 1) / 166.0;
			append(hash, quantised, 1);
		}
		else {
			append(hash, 0, 1);
		}
		double[] dc = factors[0];
		append(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
		for (int k = 1; k < factors.length; k++) {
			double[] ac = factors[k];
			append(hash, quantise(ac[0], maximum) * 19 * 19 + quantise(ac[1], maximum) * 19 + quantise(ac[2], maximum),
					2);
		}
		return hash.toString();
	}

	private static int quantise(double value, double maximum) {
		double ratio = value / maximum;
		double signedRoot = Math.copySign(Math.sqrt(Math.abs(ratio)), ratio);
		return (int) Math.max(0, Math.min(18, Math.floor(signedRoot * 9 + 9.5)));
	}

	/** Linear light to an sRGB byte. */
	private static int toSrgb(double linear) {
		double value = Math.max(0, Math.min(1, linear));
		if (value <= 0.0031308) {
			return (int) (value * 12.92 * 255 + 0.5);
		}
		return (int) ((1.055 * Math.pow(value, 1 / 2.4) - 0.055) * 255 + 0.5);
	}

	private static void append(StringBuilder hash, int value, int length) {
		int divisor = 1;
		for (int i = 1; i < length; i++) {
			divisor *= 83;
		}
		for (int i = 0; i < length; i++) {
			hash.append(DIGITS.charAt((value / divisor) % 83));
			divisor /= 83;
		}
	}

}
