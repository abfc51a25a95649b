package com.pixelgram.post.upload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/** {@code pixelgram.media.upload.failures}, tagged with the stage and the reason. */
@Component
class UploadMetrics {

	static final String FAILURES = "pixelgram.media.upload.failures";

	private final MeterRegistry meters;

	UploadMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	void failed(String stage, String reason) {
		Counter.builder(FAILURES)
			.description("Uploads refused at upload time or failed while making renditions")
			.tag("stage", stage)
			.tag("reason", reason)
			.register(this.meters)
			.increment();
	}

}
