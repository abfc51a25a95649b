package com.pixelgram.notification.push;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import com.pixelgram.resilience.ResilienceProperties;
import io.github.resilience4j.retry.RetryRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * The {@link PushSender} that {@code pixelgram.notification.push.provider} names, with
 * iOS devices sent through APNs instead when {@code apns.enabled}. Their HTTP clients are
 * made from the application's {@link RestClient.Builder}, which carries the
 * {@code ObservationRegistry}: every call to FCM, Google's token endpoint and APNs is an
 * {@code http.client.requests} observation (a timer, and a span with its traceparent).
 */
@Configuration(proxyBeanMethods = false)
class PushConfiguration {

	@Bean
	PushSender pushSender(PushProperties properties, RetryRegistry retries, ResilienceProperties resilience,
			ObjectProvider<RestClient.Builder> clients) {
		RestClient.Builder builder = clients.getIfAvailable(RestClient::builder);
		PushSender main = (properties.provider() == PushProperties.Provider.FCM)
				? fcm(properties.fcm(), builder, retry("fcm", retries, resilience)) : new LogPushSender();
		if (!properties.apns().enabled()) {
			return main;
		}
		return new PlatformRoutingSender(
				Map.of("ios", apns(properties.apns(), builder, retry("apns", retries, resilience))), main);
	}

	/**
	 * A client of the builder on the JDK's HTTP client, each request bounded by
	 * {@code requestTimeout}.
	 */
	static RestClient restClient(RestClient.Builder builder, HttpClient http, Duration requestTimeout) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(requestTimeout);
		return builder.clone().requestFactory(requests).build();
	}

	private static PushRetry retry(String name, RetryRegistry retries, ResilienceProperties resilience) {
		return new PushRetry(retries.retry(name), resilience.retry(name).maxWaitDuration(), PushRetry.Sleeper.REAL);
	}

	private static PushSender fcm(PushProperties.Fcm fcm, RestClient.Builder builder, PushRetry retry) {
		require(fcm.projectId(), "pixelgram.notification.push.fcm.project-id");
		RestClient http = restClient(builder, HttpClient.newBuilder().connectTimeout(fcm.connectTimeout()).build(),
				fcm.requestTimeout());
		AccessTokenSource tokens;
		if (StringUtils.hasText(fcm.accessToken())) {
			tokens = AccessTokenSource.fixed(fcm.accessToken());
		}
		else if (StringUtils.hasText(fcm.credentialsFile())) {
			tokens = ServiceAccountTokens.fromFile(fcm.credentialsFile(), fcm.tokenUri(), http);
		}
		else {
			throw new IllegalStateException("FCM needs pixelgram.notification.push.fcm.access-token or "
					+ "pixelgram.notification.push.fcm.credentials-file");
		}
		return new FcmPushSender(http, fcm, tokens, retry);
	}

	private static PushSender apns(PushProperties.Apns apns, RestClient.Builder builder, PushRetry retry) {
		require(apns.teamId(), "pixelgram.notification.push.apns.team-id");
		require(apns.keyId(), "pixelgram.notification.push.apns.key-id");
		require(apns.privateKeyFile(), "pixelgram.notification.push.apns.private-key-file");
		require(apns.topic(), "pixelgram.notification.push.apns.topic");
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(apns.connectTimeout())
			.build();
		return new ApnsPushSender(restClient(builder, http, apns.requestTimeout()), apns,
				ApnsProviderTokens.fromFile(apns), retry);
	}

	private static void require(String value, String property) {
		if (!StringUtils.hasText(value)) {
			throw new IllegalStateException(property + " is required");
		}
	}

}
