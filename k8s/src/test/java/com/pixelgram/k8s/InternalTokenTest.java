package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The tokens of calls to /internal/**, one per calling service: derived from one secret
 * value, so that every rendering (helm template, a GitOps tool, an upgrade) gives the
 * same ones without asking the cluster; or from an existing Secret. Each caller sends its
 * own, and the services it calls know it by that token.
 */
class InternalTokenTest {

	private static final String SECRET = "pixelgram-internal-token";

	/** auth.internalToken.secret of values-dev.yaml. */
	private static final String DEV_SECRET = "0123456789abcdef0123456789abcdef-dev-only";

	@TempDir
	Path temporary;

	@Test
	void derivesADistinctTokenPerCallerFromTheSecret() {
		Map<String, String> tokens = tokens(Chart.defaults());

		assertThat(tokens).containsOnlyKeys("post-token", "feed-token", "notification-token");
		assertThat(tokens.values()).allSatisfy((token) -> assertThat(token).matches("[0-9a-f]{64}"))
			.doesNotHaveDuplicates();
		for (String caller : List.of("post", "feed", "notification")) {
			assertThat(tokens.get(caller + "-token")).isEqualTo(sha256(caller + ":" + DEV_SECRET));
		}
	}

	@Test
	void rendersTheSameManifestsAtEveryRendering() {
		assertThat(Chart.template(Chart.DEV_VALUES)).isEqualTo(Chart.template(Chart.DEV_VALUES));
		assertThat(Chart.template(Chart.PRODUCTION_VALUES)).isEqualTo(Chart.template(Chart.PRODUCTION_VALUES));
	}

	@Test
	void anotherSecretGivesOtherTokensAndRestartsThePods() throws IOException {
		Manifests other = Chart.render(Chart.DEV_VALUES, write("""
				auth:
				  internalToken:
				    secret: another-secret-of-at-least-32-characters
				"""));

		Map<String, String> before = tokens(Chart.defaults());
		Map<String, String> after = tokens(other);
		before.forEach((key, token) -> assertThat(after.get(key)).as(key).isNotEqualTo(token));
		for (Chart.Service service : Chart.SERVICES) {
			assertThat(checksum(other, service)).as(service.component())
				.isNotEqualTo(checksum(Chart.defaults(), service));
		}
	}

	@Test
	void noTemplateAsksTheCluster() throws IOException {
		try (Stream<Path> templates = Files.list(Chart.DIRECTORY.resolve("templates"))) {
			assertThat(templates.toList())
				.allSatisfy((template) -> assertThat(Files.readString(template)).as(template.getFileName().toString())
					.doesNotContainPattern("\\blookup\\s+\""));
		}
	}

	@Test
	void refusesToInstallWithoutAnExistingSecretOrASecretToDeriveTheTokensFrom() throws IOException {
		Path none = write("""
				auth:
				  internalToken:
				    secret: ""
				""");
		Path tooShort = write("""
				auth:
				  internalToken:
				    secret: only-20-characters!!
				""");

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, none))
			.withMessageContaining("auth.internalToken: set existingSecret");
		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, tooShort))
			.withMessageContaining("/auth/internalToken/secret");
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
		assertThat(reference(Chart.defaults(), "feed", "SECRET_INTERNAL_TOKEN")).isEqualTo(SECRET + "/feed-token");
	}

	private Path write(String values) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(file, values);
		return file;
	}

	private static String checksum(Manifests manifests, Chart.Service service) {
		return manifests.podTemplate(service).getMetadata().getAnnotations().get("checksum/secrets");
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
