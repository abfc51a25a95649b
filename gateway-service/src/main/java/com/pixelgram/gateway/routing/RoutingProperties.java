package com.pixelgram.gateway.routing;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the services live and how long the gateway waits for them.
 *
 * @param userServiceUri base URI of user-service
 * @param postServiceUri base URI of post-service
 * @param feedServiceUri base URI of feed-service
 * @param notificationServiceUri base URI of notification-service
 * @param connectTimeout to open a connection to a service
 * @param responseTimeout from sending a request until the response headers arrive
 * @param uploadResponseTimeout the same for {@code POST /v1/posts}, whose clock also runs
 * while a phone streams a 10 MB photo
 */
@ConfigurationProperties("pixelgram.gateway")
public record RoutingProperties(URI userServiceUri, URI postServiceUri, URI feedServiceUri, URI notificationServiceUri,
		Duration connectTimeout, Duration responseTimeout, Duration uploadResponseTimeout) {

}
