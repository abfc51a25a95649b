package com.pixelgram.post.media;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@link CdnInvalidator} {@code pixelgram.media.cdn.invalidation.provider} makes:
 * none by default (dev-stack), CloudFront's when asked, never one without a distribution.
 */
class CdnConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Infrastructure.class, CdnConfiguration.class);

	@Test
	void invalidatesNothingByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CdnInvalidator.class);
			assertThat(context).doesNotHaveBean(CloudFrontClient.class);
		});
	}

	@Test
	void invalidatesAtCloudFrontWhenItIsTheProvider() {
		this.runner
			.withPropertyValues("pixelgram.media.cdn.invalidation.provider=cloudfront",
					"pixelgram.media.cdn.invalidation.distribution-id=E2QWRUHEXAMPLE",
					"pixelgram.media.cdn.invalidation.endpoint=http://127.0.0.1:9")
			.run((context) -> {
				assertThat(context).hasSingleBean(CdnInvalidator.class);
				assertThat(context.getBean(CdnInvalidator.class)).isInstanceOf(CloudFrontCdnInvalidator.class);
				assertThat(context).hasSingleBean(CloudFrontClient.class);
			});
	}

	@Test
	void refusesToStartWithoutADistribution() {
		this.runner.withPropertyValues("pixelgram.media.cdn.invalidation.provider=cloudfront")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("pixelgram.media.cdn.invalidation.distribution-id"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MediaProperties.class)
	static class Infrastructure {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		AwsCredentialsProvider credentials() {
			return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
		}

	}

}
