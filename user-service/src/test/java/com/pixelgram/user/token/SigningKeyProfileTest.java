package com.pixelgram.user.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import com.pixelgram.testsupport.TestInfrastructure;
import com.pixelgram.user.UserServiceApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * user-service refuses to start, outside the {@code local} profile, with the sample key
 * once committed in compose's {@code .env} or without a configured key (it would generate
 * one and keep it in its database in clear), and starts with either under {@code local}.
 * The whole application starts, on real Postgres, Redis and SQS.
 */
class SigningKeyProfileTest {

	/**
	 * The EC P-256 key that docker-compose's {@code .env} carried until compose generated
	 * its own: public, so it must never sign a real deployment's tokens. Kept here only
	 * to prove that it is refused.
	 */
	static final String PUBLISHED_SAMPLE_KEY = """
			-----BEGIN PRIVATE KEY-----
			MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgd/7gIG4puip/XaZi
			u+NZPd1H4w9uqEUC+DEFXC2HXGyhRANCAASGnvd5tkkc4m2esAvwDDB6F17a6zYM
			ZJPaFkkCWaOLBjVtP4XqzQnKiugFgKGpyFG0d7pAu9KyvL/IIj6aiW7b
			-----END PRIVATE KEY-----
			""";

	private static final Map<String, Object> INFRASTRUCTURE = new HashMap<>();

	@BeforeAll
	static void infrastructure() {
		TestInfrastructure.shardMap((name, value) -> INFRASTRUCTURE.put(name, value.get()), "users_keys", 2, 1);
		TestInfrastructure.redis((name, value) -> INFRASTRUCTURE.put(name, value.get()), "users-keys");
		TestInfrastructure.sqs((name, value) -> INFRASTRUCTURE.put(name, value.get()), "users-keys");
	}

	@Test
	void refusesThePublishedSampleKeyOutsideTheLocalProfile() {
		assertThatException().isThrownBy(() -> start("production", sampleKey()))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("sample key published in the repository");
	}

	@Test
	void refusesToKeepAGeneratedKeyInItsDatabaseOutsideTheLocalProfile() {
		assertThatException().isThrownBy(() -> start("production", Map.of()))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("No signing key is configured");
	}

	@Test
	void startsWithTheSampleKeyUnderTheLocalProfile() throws Exception {
		try (ConfigurableApplicationContext context = start("local", sampleKey())) {
			String jwks = get(context, "/.well-known/jwks.json");

			assertThat(jwks).contains("\"kid\":\"compose-local-1\"");
		}
	}

	@Test
	void startsWithAGeneratedKeyUnderTheLocalProfile() throws Exception {
		try (ConfigurableApplicationContext context = start("local", Map.of())) {
			assertThat(context.getBean(SigningKeys.class).publicKeys().getKeys()).hasSize(1);
		}
	}

	private static Map<String, Object> sampleKey() {
		return Map.of("pixelgram.users.tokens.keys[0].kid", "compose-local-1",
				"pixelgram.users.tokens.keys[0].private-key", PUBLISHED_SAMPLE_KEY);
	}

	private static ConfigurableApplicationContext start(String profile, Map<String, Object> keys) {
		Map<String, Object> properties = new HashMap<>(INFRASTRUCTURE);
		properties.putAll(keys);
		properties.put("server.port", "0");
		properties.put("pixelgram.events.relay.enabled", "false");
		// As arguments: they outrank application.yaml, as a deployment's settings do.
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(UserServiceApplication.class).profiles(profile).run(arguments);
	}

	private static String get(ConfigurableApplicationContext context, String path) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
