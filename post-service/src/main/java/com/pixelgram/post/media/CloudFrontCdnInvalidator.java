package com.pixelgram.post.media;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;

/**
 * Invalidates deleted renditions at a CloudFront distribution: one CreateInvalidation per
 * deletion, holding every path of the post. Its CallerReference is derived from the media
 * key ({@code {token}/{postId}}), so the retry of a deletion whose invalidation
 * CloudFront took but whose answer was lost is the same invalidation, not a second one.
 * <p>
 * The client's retry strategy retries throttling and 5xx answers with back-off; a failure
 * after it is logged, counted ({@value #INVALIDATIONS} with {@code outcome=failed}) and
 * thrown, so that the deletion's job ({@link MediaStorage#deleteAll}) is tried again
 * later. The user's DELETE has been answered long before: it only scheduled that job.
 */
class CloudFrontCdnInvalidator implements CdnInvalidator {

	static final String INVALIDATIONS = "pixelgram.media.cdn.invalidations";

	private static final Logger log = LoggerFactory.getLogger(CloudFrontCdnInvalidator.class);

	private final CloudFrontClient cloudFront;

	private final String distributionId;

	private final Counter created;

	private final Counter failed;

	CloudFrontCdnInvalidator(CloudFrontClient cloudFront, String distributionId, MeterRegistry meters) {
		this.cloudFront = cloudFront;
		this.distributionId = distributionId;
		this.created = counter(meters, "created");
		this.failed = counter(meters, "failed");
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return Counter.builder(INVALIDATIONS)
			.description("CloudFront invalidations of deleted renditions, by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public void invalidate(String reference, List<String> paths) {
		String callerReference = callerReference(reference);
		try {
			CreateInvalidationResponse response = this.cloudFront
				.createInvalidation((request) -> request.distributionId(this.distributionId)
					.invalidationBatch((batch) -> batch.callerReference(callerReference)
						.paths((items) -> items.quantity(paths.size()).items(paths))));
			this.created.increment();
			log.debug("CloudFront invalidation {} ({}) of {}", response.invalidation().id(), callerReference, paths);
		}
		catch (SdkException ex) {
			this.failed.increment();
			log.warn("CloudFront did not take the invalidation {} of {}, the deletion will be retried: {}",
					callerReference, paths, ex.toString());
			throw ex;
		}
	}

	/**
	 * The CallerReference of a media key's invalidation: the same for every retry, and
	 * unique to one post's media (the key's random token and the post's ID).
	 */
	static String callerReference(String mediaKey) {
		return "pixelgram-media-" + mediaKey.replace('/', '-');
	}

}
