package com.pixelgram.notification.clients;

import java.net.URI;

import com.pixelgram.notification.NotificationProperties;
import com.pixelgram.security.InternalClients;
import com.pixelgram.security.InternalTokenInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * One client per service, each with short timeouts (a slow dependency must not hold a
 * notification list or the queue), a back-off after failures, and the internal token.
 */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

	@Bean
	UserServiceClient userServiceClient(RestClient.Builder builder, NotificationProperties properties,
			ObjectProvider<InternalTokenInterceptor> token) {
		NotificationProperties.Clients clients = properties.clients();
		return new UserServiceClient(client(builder, properties.userServiceUri(), clients, token),
				new ServiceGuard("user-service", clients.backoff()), clients.maxIdsPerCall());
	}

	@Bean
	PostServiceClient postServiceClient(RestClient.Builder builder, NotificationProperties properties,
			ObjectProvider<InternalTokenInterceptor> token) {
		NotificationProperties.Clients clients = properties.clients();
		return new PostServiceClient(client(builder, properties.postServiceUri(), clients, token),
				new ServiceGuard("post-service", clients.backoff()), clients.maxIdsPerCall());
	}

	private static RestClient client(RestClient.Builder builder, URI baseUri, NotificationProperties.Clients settings,
			ObjectProvider<InternalTokenInterceptor> token) {
		return InternalClients.create(builder, baseUri, settings.connectTimeout(), settings.readTimeout(),
				token.getIfAvailable());
	}

}
