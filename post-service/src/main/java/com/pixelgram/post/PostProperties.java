package com.pixelgram.post;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Posts, likes and comments: limits, caches and the call to user-service. The circuit
 * breakers of Redis ({@code post-redis}) and of user-service ({@code user-service}) are
 * set under {@code pixelgram.resilience.circuit-breakers}.
 *
 * @param userServiceUri base URI of user-service, for authors' usernames
 * @param userServiceTimeout connect and read timeout of that call
 * @param postCacheTtl how long a post stays in Redis
 * @param usernameCacheTtl how long a username stays in Redis
 * @param idempotencyRetention how long an {@code Idempotency-Key} returns the same post
 * @param idempotencySweepInterval how often expired keys are deleted (set in
 * application.yaml: the sweeper's schedule reads it from there)
 * @param defaultPageSize page size when {@code limit} is absent
 * @param maxPageSize the largest {@code limit}
 * @param maxBatchIds the most IDs of one internal batch read
 * @param captionMaxLength characters of a caption
 * @param locationMaxLength characters of a location
 * @param altTextMaxLength characters of an alt text
 * @param commentMaxLength characters of a comment
 * @param hashtagMaxCount distinct hashtags of a caption; past it the caption is refused
 * (400)
 * @param hashtagMaxLength characters of a hashtag, without its {@code #}; past it the
 * caption is refused (400)
 * @param reconciliation the count reconciliation job
 */
@ConfigurationProperties("pixelgram.post")
public record PostProperties(@DefaultValue("http://localhost:8081") URI userServiceUri,
		@DefaultValue("1s") Duration userServiceTimeout, @DefaultValue("1h") Duration postCacheTtl,
		@DefaultValue("10m") Duration usernameCacheTtl, @DefaultValue("24h") Duration idempotencyRetention,
		Duration idempotencySweepInterval, @DefaultValue("20") int defaultPageSize,
		@DefaultValue("100") int maxPageSize, @DefaultValue("100") int maxBatchIds,
		@DefaultValue("2200") int captionMaxLength, @DefaultValue("100") int locationMaxLength,
		@DefaultValue("1000") int altTextMaxLength, @DefaultValue("2200") int commentMaxLength,
		@DefaultValue("30") int hashtagMaxCount, @DefaultValue("100") int hashtagMaxLength,
		@DefaultValue Reconciliation reconciliation) {

	/**
	 * The scheduled repair of denormalised counts.
	 *
	 * @param interval time between runs
	 * @param initialDelay time before the first run
	 */
	public record Reconciliation(@DefaultValue("1h") Duration interval, @DefaultValue("5m") Duration initialDelay) {

	}

}
