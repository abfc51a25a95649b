package com.pixelgram.notification;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notifications: the celebrity threshold, the other services, paging and retention.
 *
 * @param celebrityThreshold from this many followers an author's new posts notify only
 * the followers who asked for them
 * @param userServiceUri base URI of user-service (profiles, followers)
 * @param postServiceUri base URI of post-service (thumbnails)
 * @param clients timeouts and back-off of the calls to both
 * @param defaultPageSize page size when {@code limit} is absent
 * @param maxPageSize the largest {@code limit}
 * @param groupedActors likers shown by name in a like group
 * @param fanoutPageSize followers asked for per call during a new-post fanout
 * @param tombstoneRetention how long a withdrawal is remembered (longer than an event can
 * wait in its queue) and processed-event records are kept
 * @param sweepInterval how often expired tombstones are deleted (set in application.yaml:
 * the sweeper's schedule reads it from there)
 */
@ConfigurationProperties("pixelgram.notification")
public record NotificationProperties(@DefaultValue("1000000") long celebrityThreshold,
		@DefaultValue("http://localhost:8081") URI userServiceUri,
		@DefaultValue("http://localhost:8082") URI postServiceUri, @DefaultValue Clients clients,
		@DefaultValue("20") int defaultPageSize, @DefaultValue("100") int maxPageSize,
		@DefaultValue("3") int groupedActors, @DefaultValue("1000") int fanoutPageSize,
		@DefaultValue("15d") Duration tombstoneRetention, Duration sweepInterval) {

	/**
	 * Calls to other services; their circuit breakers are
	 * {@code pixelgram.resilience.circuit-breakers.user-service} and
	 * {@code .post-service}.
	 *
	 * @param connectTimeout connect timeout
	 * @param readTimeout response timeout
	 * @param maxIdsPerCall IDs per batch call (the services' limit)
	 */
	public record Clients(@DefaultValue("500ms") Duration connectTimeout, @DefaultValue("2s") Duration readTimeout,
			@DefaultValue("100") int maxIdsPerCall) {

	}

}
