package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * values.schema.json describes every value of values.yaml, and Helm checks the values of
 * every rendering (install, upgrade, template, lint) against it: a misspelt key or a
 * value of the wrong kind fails before anything is rendered.
 */
class ValuesSchemaTest {

	private static final Path SCHEMA = Chart.DIRECTORY.resolve("values.schema.json");

	@TempDir
	Path temporary;

	static Stream<Arguments> valuesTheSchemaRefuses() {
		return Stream.of(Arguments.of("a misspelt key", """
				gateway:
				  replicas: 3
				""", "replicas"), Arguments.of("an unknown top-level key", """
				imageTag: 0.2.0
				""", "imageTag"), Arguments.of("a pull policy Kubernetes does not know", """
				image:
				  pullPolicy: Sometimes
				""", "pullPolicy"), Arguments.of("a number as a string", """
				shards:
				  count: "8"
				""", "count"), Arguments.of("a digest that is not one", """
				post:
				  image:
				    digest: sha256:abc
				""", "digest"), Arguments.of("an internal token secret under 32 characters", """
				auth:
				  internalToken:
				    secret: too-short
				""", "secret"), Arguments.of("a push provider the service does not have", """
				notification:
				  push:
				    provider: apns
				""", "provider"), Arguments.of("a sampling probability above 1", """
				tracing:
				  samplingProbability: 2
				""", "samplingProbability"), Arguments.of("a database without its URL", """
				user:
				  databases:
				    - name: a
				      shards: ["0-7"]
				""", "url"), Arguments.of("an HTTPRoute without a Gateway", """
				httpRoute:
				  enabled: true
				""", "parentRefs"), Arguments.of("a port that is a name", """
				networkPolicy:
				  egress:
				    postgresql:
				      ports: [postgres]
				""", "ports"), Arguments.of("a sidecar without an image", """
				sidecars:
				  - name: proxy
				""", "image"), Arguments.of("a ratio above 1", """
				metrics:
				  prometheusRule:
				    thresholds:
				      uploadFailureRatio: 5
				""", "uploadFailureRatio"), Arguments.of("a CDN invalidation provider the service lacks", """
				cdn:
				  invalidation:
				    provider: akamai
				""", "provider"), Arguments.of("CloudFront invalidation without a distribution", """
				cdn:
				  invalidation:
				    provider: cloudfront
				""", "distributionId"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valuesTheSchemaRefuses")
	void refusesValuesThatBreakTheSchema(String what, String values, String named) throws IOException {
		Path file = write(values);

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, file))
			.withMessageContaining("schema")
			.withMessageContaining(named);
	}

	@Test
	void acceptsTheDefaultsAndTheExampleInstallations() throws IOException {
		Path everythingOn = write("""
				httpRoute:
				  enabled: true
				  parentRefs: [{name: public, namespace: gateway-system}]
				networkPolicy:
				  egress:
				    enabled: true
				post:
				  image:
				    digest: sha256:%s
				  pdb:
				    minAvailable: 50%%
				""".formatted("ab".repeat(32)));

		assertThatNoException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES));
		assertThatNoException().isThrownBy(() -> Chart.template(Chart.PRODUCTION_VALUES));
		assertThatNoException().isThrownBy(() -> Chart.template(Chart.PRODUCTION_VALUES, everythingOn));
	}

	@Test
	void describesEveryValueOfValuesYaml() throws IOException {
		JsonNode schema = JsonMapper.builder().build().readTree(SCHEMA.toFile());
		Map<String, Object> values = Manifests
			.asMap(Manifests.yaml().load(Files.readString(Chart.DIRECTORY.resolve("values.yaml"))));
		List<String> missing = new ArrayList<>();
		collectMissing("", values, schema, missing);

		assertThat(schema.path("additionalProperties").asBoolean(true)).as("unknown top-level keys are refused")
			.isFalse();
		assertThat(missing).isEmpty();
	}

	/**
	 * Every value of values.yaml is a property of its object's schema, with a type, down
	 * to the maps a user fills freely (annotations, labels, config), which the schema
	 * leaves open.
	 */
	private static void collectMissing(String prefix, Map<String, Object> values, JsonNode schema,
			List<String> missing) {
		values.forEach((key, value) -> {
			String path = prefix.isEmpty() ? key : prefix + "." + key;
			JsonNode property = schema.path("properties").path(key);
			if (property.isMissingNode() || !property.has("type")) {
				missing.add(path);
			}
			else if (value instanceof Map<?, ?> child && property.has("properties")) {
				collectMissing(path, Manifests.asMap(child), property, missing);
			}
			else if (value instanceof Map<?, ?> child && !child.isEmpty()) {
				assertThat(property.path("additionalProperties").asBoolean(true)).as(path + " is an open map").isTrue();
			}
		});
	}

	private Path write(String values) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(file, values);
		return file;
	}

}
