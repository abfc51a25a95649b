package com.pixelgram.post.image;

/**
 * An image this service will not process; the detail is safe to show to the client.
 */
public class ImageRejectedException extends RuntimeException {

	private final Reason reason;

	public ImageRejectedException(Reason reason, String detail) {
		super(detail);
		this.reason = reason;
	}

	public ImageRejectedException(Reason reason, String detail, Throwable cause) {
		super(detail, cause);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why an image was refused. */
	public enum Reason {

		/** The bytes are not a JPEG, PNG or WebP. */
		UNSUPPORTED_TYPE,

		/**
		 * More pixels than allowed, as the header says, or more than its decoder can hold
		 * within the decode budget: refused before decoding.
		 */
		TOO_MANY_PIXELS,

		/** More metadata segments or bytes than allowed: refused before decoding. */
		TOO_MUCH_METADATA,

		/** Truncated, or not decodable. */
		CORRUPT

	}

}
