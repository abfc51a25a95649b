package com.pixelgram.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import com.pixelgram.gateway.resilience.ServiceCircuitBreakers;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The public API's routes to the services, each behind its service's circuit breaker and
 * timeouts.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfiguration {

	/** Routes more specific than another route's pattern must be matched first. */
	private static final int SPECIFIC = 0;

	private static final int GENERAL = 10;

	@Bean
	RouteLocator pixelgramRoutes(RouteLocatorBuilder builder, RoutingProperties properties,
			ServiceCircuitBreakers breakers) {
		Routes routes = new Routes(builder.routes(), properties, breakers);
		Service user = new Service("user-service", properties.userServiceUri());
		Service post = new Service("post-service", properties.postServiceUri());
		Service feed = new Service("feed-service", properties.feedServiceUri());
		Service notification = new Service("notification-service", properties.notificationServiceUri());

		// under /v1/users, but owned by other services
		routes.add("user-posts", SPECIFIC, post, (r) -> r.path("/v1/users/{id}/posts"));
		routes.add("user-post-notifications", SPECIFIC, notification,
				(r) -> r.path("/v1/users/{id}/post-notifications"));
		routes.add("auth", GENERAL, user, (r) -> r.path("/v1/auth/**"));
		routes.add("jwks", GENERAL, user, (r) -> r.path("/.well-known/jwks.json"));
		routes.add("users", GENERAL, user, (r) -> r.path("/v1/users/**"));
		routes.add("follow-requests", GENERAL, user, (r) -> r.path("/v1/follow-requests", "/v1/follow-requests/**"));
		routes.add("reports", GENERAL, user, (r) -> r.path("/v1/reports"));
		routes.add("moderation", GENERAL, user, (r) -> r.path("/v1/moderation/**"));
		// the photo streams while the response timeout runs: allow more time
		routes.add("post-upload", SPECIFIC, post, properties.uploadResponseTimeout(),
				(r) -> r.method(HttpMethod.POST).and().path("/v1/posts"));
		routes.add("posts", GENERAL, post, (r) -> r.path("/v1/posts", "/v1/posts/**"));
		routes.add("tags", GENERAL, post, (r) -> r.path("/v1/tags/**"));
		routes.add("feed", GENERAL, feed, (r) -> r.path("/v1/feed", "/v1/feed/**"));
		routes.add("notifications", GENERAL, notification,
				(r) -> r.path("/v1/notifications", "/v1/notifications/**", "/v1/devices", "/v1/devices/**"));

		// each service's OpenAPI document, for the aggregated Swagger UI
		for (Service service : new Service[] { user, post, feed, notification }) {
			String name = service.name().substring(0, service.name().indexOf('-'));
			routes.apiDocs("api-docs-" + name, service, "/v3/api-docs/" + name);
		}
		return routes.build();
	}

	private record Service(String name, URI uri) {

	}

	private static final class Routes {

		private final RouteLocatorBuilder.Builder builder;

		private final RoutingProperties properties;

		private final ServiceCircuitBreakers breakers;

		Routes(RouteLocatorBuilder.Builder builder, RoutingProperties properties, ServiceCircuitBreakers breakers) {
			this.builder = builder;
			this.properties = properties;
			this.breakers = breakers;
		}

		void add(String id, int order, Service service, Function<PredicateSpec, BooleanSpec> predicate) {
			add(id, order, service, this.properties.responseTimeout(), predicate);
		}

		void add(String id, int order, Service service, Duration responseTimeout,
				Function<PredicateSpec, BooleanSpec> predicate) {
			this.builder.route(id,
					(r) -> predicate.apply(r.order(order))
						.filters((f) -> f.filter(this.breakers.forService(service.name())))
						.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, responseTimeout.toMillis())
						.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR,
								Math.toIntExact(this.properties.connectTimeout().toMillis()))
						.uri(service.uri()));
		}

		void apiDocs(String id, Service service, String path) {
			this.builder.route(id, (r) -> r.order(GENERAL)
				.method(HttpMethod.GET)
				.and()
				.path(path)
				.filters((f) -> f.setPath("/v3/api-docs").filter(this.breakers.forService(service.name())))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, this.properties.responseTimeout().toMillis())
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR,
						Math.toIntExact(this.properties.connectTimeout().toMillis()))
				.uri(service.uri()));
		}

		RouteLocator build() {
			return this.builder.build();
		}

	}

}
