package com.pixelgram.user.export;

/** Where an export stands. */
enum ExportStatus {

	/** Requested; post-service is building the zip. */
	PENDING,

	/** The zip is stored and can be downloaded. */
	READY,

	/** The zip could not be built; the user may ask again. */
	FAILED

}
