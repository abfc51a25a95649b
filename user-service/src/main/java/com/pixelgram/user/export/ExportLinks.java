package com.pixelgram.user.export;

import java.time.Duration;

import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.stereotype.Component;

/**
 * Presigned links to export zips. Signing needs no call to S3: a link is made on every
 * read, and only its holder can use it, until it expires.
 */
@Component
class ExportLinks {

	private final S3Presigner presigner;

	private final ExportProperties properties;

	ExportLinks(S3Presigner presigner, ExportProperties properties) {
		this.presigner = presigner;
		this.properties = properties;
	}

	/** A GET link to the zip, saved under a name of its own by browsers. */
	String download(String objectKey, long exportId, Duration ttl) {
		return this.presigner
			.presignGetObject((request) -> request.signatureDuration(ttl)
				.getObjectRequest((get) -> get.bucket(this.properties.bucket())
					.key(objectKey)
					.responseContentDisposition("attachment; filename=\"pixelgram-export-" + exportId + ".zip\"")))
			.url()
			.toString();
	}

}
