package com.pixelgram.notification.clients;

import java.net.URI;

import com.pixelgram.notification.NotificationProperties;
import com.pixelgram.security.InternalClients;
import com.pixelgram.security.InternalTokenInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * One client per service, each with short timeouts (a slow dependency must not hold a
 * notification list or the queue), a circuit breaker named after the service
 * ({@code pixelgram.resilience.circuit-breakers.<service>}), and the internal token.
 */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

	@Bean
	UserServiceClient userServiceClient(RestClient.Builder builder, NotificationProperties properties,
			ObjectProvider<InternalTokenInterceptor> token, CircuitBreakerRegistry breakers) {
		NotificationProperties.Clients clients = properties.clients();
		return new UserServiceClient(client(builder, properties.userServiceUri(), clients, token),
				breakers.circuitBreaker("user-service"), clients.maxIdsPerCall());
	}

	@Bean
	PostServiceClient postServiceClient(RestClient.Builder builder, NotificationProperties properties,
			ObjectProvider<InternalTokenInterceptor> token, CircuitBreakerRegistry breakers) {
		NotificationProperties.Clients clients = properties.clients();
		return new PostServiceClient(client(builder, properties.postServiceUri(), clients, token),
				breakers.circuitBreaker("post-service"), clients.maxIdsPerCall());
	}

	private static RestClient client(RestClient.Builder builder, URI baseUri, NotificationProperties.Clients settings,
			ObjectProvider<InternalTokenInterceptor> token) {
		return InternalClients.create(builder, baseUri, settings.connectTimeout(), settings.readTimeout(),
				token.getIfAvailable());
	}

}
