package com.pixelgram.user.export;

/** Where an export stands. */
enum ExportStatus {

	/** Requested; post-service is building the zip. */
	PENDING,

	/** The zip is stored and can be downloaded. */
	READY,

	/** The zip could not be built; the user may ask again. */
	FAILED,

	/**
	 * A READY export past its retention: post-service has deleted the zip, and no link is
	 * handed out. Never stored: derived on every read from the completion time, so that
	 * it needs no event.
	 */
	EXPIRED

}
