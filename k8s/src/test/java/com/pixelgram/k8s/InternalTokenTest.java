package com.pixelgram.k8s;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tokens of calls to /internal/**, one per calling service: generated once, then
 * kept; or from an existing Secret. Each caller sends its own, and the services it calls
 * know it by that token.
 */
class InternalTokenTest {

	private static final String SECRET = "pixelgram-internal-token";

	@AfterEach
	void forgetSecrets() {
		Chart.kubernetes().clear();
	}

	@Test
	void generatesALongRandomTokenPerCallerAtTheFirstInstallation() {
		Map<String, String> first = tokens(Chart.render(Chart.DEV_VALUES));
		Map<String, String> second = tokens(Chart.render(Chart.DEV_VALUES));

		assertThat(first.keySet()).containsExactlyInAnyOrder("post-token", "feed-token", "notification-token");
		assertThat(first.values()).allSatisfy((token) -> assertThat(token).hasSize(48).matches("[A-Za-z0-9]+"))
			.doesNotHaveDuplicates();
		assertThat(second.get("feed-token")).isNotEqualTo(first.get("feed-token"));
	}

	@Test
	void keepsTheTokensOfTheInstalledReleaseOnUpgrade() {
		Chart.kubernetes()
			.putSecret(Chart.NAMESPACE, SECRET, Map.of("post-token", "post-of-the-running-release", "feed-token",
					"feed-of-the-running-release", "notification-token", "notification-of-the-running-release"));

		assertThat(tokens(Chart.render(Chart.DEV_VALUES))).containsEntry("post-token", "post-of-the-running-release")
			.containsEntry("feed-token", "feed-of-the-running-release")
			.containsEntry("notification-token", "notification-of-the-running-release");
	}

	@Test
	void createsNoSecretWhenAnExistingOneHoldsTheTokens() {
		Manifests manifests = Chart.production();

		assertThat(manifests.all(Secret.class)).isEmpty();
	}

	@Test
	void eachCallerSendsItsOwnTokenAndEachCalleeKnowsItsCallersByTheirs() {
		for (Manifests manifests : List.of(Chart.defaults(), Chart.production())) {
			Map<String, String> sent = new HashMap<>();
			for (String caller : List.of("post", "feed", "notification")) {
				sent.put(caller, reference(manifests, caller, "SECRET_INTERNAL_TOKEN"));
			}
			assertThat(sent.values()).doesNotHaveDuplicates();
			Map<String, List<String>> callees = Map.of("user", List.of("post", "feed", "notification"), "post",
					List.of("feed", "notification"));
			callees.forEach((callee, callers) -> {
				Map<String, Object> config = manifests.applicationConfig(Chart.service(callee));
				assertThat(Manifests.asMap(Manifests.at(config, "pixelgram.security.internal-callers")).keySet())
					.as(callee + " callers")
					.containsExactlyInAnyOrderElementsOf(callers);
				for (String caller : callers) {
					String variable = "SECRET_INTERNAL_CALLER_" + caller.toUpperCase() + "_TOKEN";
					assertThat(Manifests.at(config, "pixelgram.security.internal-callers." + caller + ".token"))
						.isEqualTo("${" + variable + "}");
					assertThat(reference(manifests, callee, variable)).as(callee + " knows " + caller)
						.isEqualTo(sent.get(caller));
				}
			});
			for (String service : List.of("gateway", "user")) {
				assertThat(manifests.container(Chart.service(service)).getEnv()).extracting(EnvVar::getName)
					.as(service + " calls no internal endpoint")
					.doesNotContain("SECRET_INTERNAL_TOKEN");
			}
		}
		assertThat(reference(Chart.production(), "feed", "SECRET_INTERNAL_TOKEN"))
			.isEqualTo("pixelgram-internal/feed-service");
	}

	private static String reference(Manifests manifests, String service, String variable) {
		EnvVar env = manifests.container(Chart.service(service))
			.getEnv()
			.stream()
			.filter((candidate) -> candidate.getName().equals(variable))
			.findFirst()
			.orElseThrow(() -> new AssertionError(service + " has no " + variable));
		return env.getValueFrom().getSecretKeyRef().getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey();
	}

	private static Map<String, String> tokens(Manifests manifests) {
		Map<String, String> tokens = new HashMap<>();
		manifests.get(Secret.class, SECRET)
			.getData()
			.forEach((key, encoded) -> tokens.put(key,
					new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)));
		return tokens;
	}

}
