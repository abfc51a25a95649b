package com.pixelgram.post.media;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The {@link CdnInvalidator} of {@code pixelgram.media.cdn.invalidation.provider}:
 * {@code cloudfront} makes a {@link CloudFrontCdnInvalidator}; without it (dev-stack)
 * {@link MediaConfiguration} falls back to {@link CdnInvalidator#NONE}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixelgram.media.cdn.invalidation.provider", havingValue = "cloudfront")
class CdnConfiguration {

	/**
	 * Signed with the application's AWS credentials (Spring Cloud AWS's provider, as for
	 * S3 and SQS).
	 */
	@Bean(destroyMethod = "close")
	CloudFrontClient cdnCloudFrontClient(MediaProperties properties,
			ObjectProvider<AwsCredentialsProvider> credentials) {
		return cloudFrontClient(properties.cdn().invalidation(),
				credentials.getIfAvailable(() -> DefaultCredentialsProvider.builder().build()));
	}

	@Bean
	CloudFrontCdnInvalidator cloudFrontCdnInvalidator(CloudFrontClient cdnCloudFrontClient, MediaProperties properties,
			MeterRegistry meters) {
		String distributionId = properties.cdn().invalidation().distributionId();
		if (!StringUtils.hasText(distributionId)) {
			throw new IllegalStateException(
					"pixelgram.media.cdn.invalidation.distribution-id is required with the cloudfront provider");
		}
		return new CloudFrontCdnInvalidator(cdnCloudFrontClient, distributionId, meters);
	}

	/**
	 * A CloudFront client for the invalidations: the SDK's standard retries (throttling
	 * and 5xx, with back-off) up to {@code max-attempts}, the whole call bounded by
	 * {@code timeout}.
	 */
	static CloudFrontClient cloudFrontClient(MediaProperties.Invalidation invalidation,
			AwsCredentialsProvider credentials) {
		CloudFrontClientBuilder builder = CloudFrontClient.builder()
			.region(Region.of(invalidation.region()))
			.credentialsProvider(credentials)
			.overrideConfiguration((configuration) -> configuration.apiCallTimeout(invalidation.timeout())
				.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
					.toBuilder()
					.maxAttempts(invalidation.maxAttempts())
					.build()));
		if (invalidation.endpoint() != null) {
			builder.endpointOverride(invalidation.endpoint());
		}
		return builder.build();
	}

}
