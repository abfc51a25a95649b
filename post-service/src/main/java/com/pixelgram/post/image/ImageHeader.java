package com.pixelgram.post.image;

/**
 * What the first bytes of an image say, before any pixel is decoded.
 *
 * @param format the sniffed format
 * @param width the stored width
 * @param height the stored height
 * @param orientation the EXIF orientation, 1 to 8 (1 when there is none)
 * @param fixedDecodePixels the memory its decoder holds whatever the subsampling, in
 * 4-byte pixels: the whole image for WebP (several times over for lossy WebP), two rows
 * for PNG, nothing worth counting for JPEG
 */
public record ImageHeader(ImageFormat format, int width, int height, int orientation, long fixedDecodePixels) {

	/** A header whose decoder holds only the subsampled image. */
	public ImageHeader(ImageFormat format, int width, int height, int orientation) {
		this(format, width, height, orientation, 0);
	}

	/** Whether the orientation swaps width and height (a quarter turn or a transpose). */
	public boolean quarterTurned() {
		return this.orientation >= 5 && this.orientation <= 8;
	}

	/** The width as displayed, after the orientation is applied. */
	public int displayWidth() {
		return quarterTurned() ? this.height : this.width;
	}

	/** The height as displayed, after the orientation is applied. */
	public int displayHeight() {
		return quarterTurned() ? this.width : this.height;
	}

	public long pixels() {
		return (long) this.width * this.height;
	}

}
