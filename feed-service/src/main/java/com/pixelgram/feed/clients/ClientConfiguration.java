package com.pixelgram.feed.clients;

import java.net.URI;

import com.pixelgram.feed.FeedProperties;
import com.pixelgram.security.InternalClients;
import com.pixelgram.security.InternalTokenInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * One client per service, each with short timeouts (a slow dependency must not hold a
 * feed read) and the internal token.
 */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

	@Bean
	UserServiceClient userServiceClient(RestClient.Builder builder, FeedProperties properties,
			ObjectProvider<InternalTokenInterceptor> token) {
		return new UserServiceClient(client(builder, properties.userServiceUri(), properties.clients(), token));
	}

	@Bean
	PostServiceClient postServiceClient(RestClient.Builder builder, FeedProperties properties,
			ObjectProvider<InternalTokenInterceptor> token) {
		return new PostServiceClient(client(builder, properties.postServiceUri(), properties.clients(), token));
	}

	private static RestClient client(RestClient.Builder builder, URI baseUri, FeedProperties.Clients settings,
			ObjectProvider<InternalTokenInterceptor> token) {
		return InternalClients.create(builder, baseUri, settings.connectTimeout(), settings.readTimeout(),
				token.getIfAvailable());
	}

}
