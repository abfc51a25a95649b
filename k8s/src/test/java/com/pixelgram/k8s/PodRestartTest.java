package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pod reads its application.yaml and its secrets once, at start: the pod templates
 * carry checksums of both, so that a change rolls the pods that use it, and only those.
 */
class PodRestartTest {

	@TempDir
	Path temporary;

	@Test
	void everyPodTemplateCarriesTheChecksumsOfItsConfigurationAndSecrets() {
		for (Manifests manifests : List.of(Chart.defaults(), Chart.production())) {
			for (Chart.Service service : Chart.SERVICES) {
				assertThat(annotations(manifests, service)).as(service.component())
					.hasEntrySatisfying("checksum/config", (sum) -> assertThat(sum).matches("[0-9a-f]{64}"))
					.hasEntrySatisfying("checksum/secrets", (sum) -> assertThat(sum).matches("[0-9a-f]{64}"));
			}
		}
	}

	@Test
	void aChangedConfigurationRestartsOnlyTheServicesThatReadIt() throws IOException {
		Manifests feedChanged = Chart.render(Chart.DEV_VALUES, write("""
				feed:
				  config:
				    pixelgram:
				      feed:
				        fanout:
				          celebrity-threshold: 1234
				"""));
		Manifests redisMoved = Chart.render(Chart.DEV_VALUES, write("""
				redis:
				  host: redis.elsewhere
				"""));

		for (Chart.Service service : Chart.SERVICES) {
			assertThat(changed(feedChanged, service, "checksum/config")).as(service.component())
				.isEqualTo(service.key().equals("feed"));
			assertThat(changed(feedChanged, service, "checksum/secrets")).as(service.component()).isFalse();
			// every service but notification-service uses Redis
			assertThat(changed(redisMoved, service, "checksum/config")).as(service.component())
				.isEqualTo(!service.key().equals("notification"));
		}
	}

	@Test
	void aChangedPasswordRestartsThePods() throws IOException {
		Manifests before = Chart.render(Chart.DEV_VALUES, write("""
				postgresql:
				  password: first
				"""));
		Manifests after = Chart.render(Chart.DEV_VALUES, write("""
				postgresql:
				  password: second
				"""));

		for (String key : List.of("user", "post", "notification")) {
			Chart.Service service = Chart.service(key);
			assertThat(annotations(after, service).get("checksum/secrets")).as(key)
				.isNotEqualTo(annotations(before, service).get("checksum/secrets"));
			assertThat(annotations(after, service).get("checksum/config")).as(key)
				.isEqualTo(annotations(before, service).get("checksum/config"));
		}
	}

	private static boolean changed(Manifests manifests, Chart.Service service, String annotation) {
		return !annotations(manifests, service).get(annotation)
			.equals(annotations(Chart.defaults(), service).get(annotation));
	}

	private static Map<String, String> annotations(Manifests manifests, Chart.Service service) {
		return manifests.podTemplate(service).getMetadata().getAnnotations();
	}

	private Path write(String values) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(file, values);
		return file;
	}

}
