package com.pixelgram.notification.push;

import java.net.http.HttpClient;
import java.util.Map;

import com.pixelgram.resilience.ResilienceProperties;
import io.github.resilience4j.retry.RetryRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The {@link PushSender} that {@code pixelgram.notification.push.provider} names, with
 * iOS devices sent through APNs instead when {@code apns.enabled}.
 */
@Configuration(proxyBeanMethods = false)
class PushConfiguration {

	@Bean
	PushSender pushSender(PushProperties properties, RetryRegistry retries, ResilienceProperties resilience) {
		PushSender main = (properties.provider() == PushProperties.Provider.FCM)
				? fcm(properties.fcm(), retry("fcm", retries, resilience)) : new LogPushSender();
		if (!properties.apns().enabled()) {
			return main;
		}
		return new PlatformRoutingSender(Map.of("ios", apns(properties.apns(), retry("apns", retries, resilience))),
				main);
	}

	private static PushRetry retry(String name, RetryRegistry retries, ResilienceProperties resilience) {
		return new PushRetry(retries.retry(name), resilience.retry(name).maxWaitDuration(), PushRetry.Sleeper.REAL);
	}

	private static PushSender fcm(PushProperties.Fcm fcm, PushRetry retry) {
		require(fcm.projectId(), "pixelgram.notification.push.fcm.project-id");
		HttpClient http = HttpClient.newBuilder().connectTimeout(fcm.connectTimeout()).build();
		AccessTokenSource tokens;
		if (StringUtils.hasText(fcm.accessToken())) {
			tokens = AccessTokenSource.fixed(fcm.accessToken());
		}
		else if (StringUtils.hasText(fcm.credentialsFile())) {
			tokens = ServiceAccountTokens.fromFile(fcm.credentialsFile(), fcm.tokenUri(), http, fcm.requestTimeout());
		}
		else {
			throw new IllegalStateException("FCM needs pixelgram.notification.push.fcm.access-token or "
					+ "pixelgram.notification.push.fcm.credentials-file");
		}
		return new FcmPushSender(http, fcm, tokens, retry);
	}

	private static PushSender apns(PushProperties.Apns apns, PushRetry retry) {
		require(apns.teamId(), "pixelgram.notification.push.apns.team-id");
		require(apns.keyId(), "pixelgram.notification.push.apns.key-id");
		require(apns.privateKeyFile(), "pixelgram.notification.push.apns.private-key-file");
		require(apns.topic(), "pixelgram.notification.push.apns.topic");
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(apns.connectTimeout())
			.build();
		return new ApnsPushSender(http, apns, ApnsProviderTokens.fromFile(apns), retry);
	}

	private static void require(String value, String property) {
		if (!StringUtils.hasText(value)) {
			throw new IllegalStateException(property + " is required");
		}
	}

}
