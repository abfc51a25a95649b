package com.pixelgram.post.image;

import java.util.Optional;

/** The image types an upload may have, recognised by their first bytes. */
public enum ImageFormat {

	JPEG("image/jpeg", "jpeg"),

	PNG("image/png", "png"),

	WEBP("image/webp", "webp");

	/** How many leading bytes {@link #sniff} needs. */
	public static final int SNIFF_LENGTH = 12;

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private final String mediaType;

	private final String imageIoName;

	ImageFormat(String mediaType, String imageIoName) {
		this.mediaType = mediaType;
		this.imageIoName = imageIoName;
	}

	public String mediaType() {
		return this.mediaType;
	}

	String imageIoName() {
		return this.imageIoName;
	}

	/**
	 * The format the bytes really have, whatever the file name or declared type says.
	 * @param head the first bytes of the file
	 * @param length how many of them were read
	 * @return the format, or empty for anything else
	 */
	public static Optional<ImageFormat> sniff(byte[] head, int length) {
		if (length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
			return Optional.of(JPEG);
		}
		if (length >= PNG_SIGNATURE.length && startsWith(head, PNG_SIGNATURE)) {
			return Optional.of(PNG);
		}
		if (length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'W'
				&& head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
			return Optional.of(WEBP);
		}
		return Optional.empty();
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
